/* The web form on /contribute/: builds a record's YAML in the browser.
 *
 * The form is built from assets/verbund/forms.json, which the site generates from the
 * JSON Schemas and the taxonomy, so it asks exactly what validation accepts. It checks
 * the answers, shows the YAML for review and offers links (a prefilled GitHub issue form,
 * GitHub's "new file" editor, e-mail) and a download. It sends nothing by itself.
 *
 * The YAML writer below is deliberately small: records are flat (text, numbers, booleans,
 * lists of codes, a few nested mappings) and every text that could be misread is written
 * in double quotes with escapes, so no answer can become another key.
 */
(function () {
  "use strict";

  // --- YAML for the flat record subset --------------------------------------------------

  // Text a YAML 1.1 or 1.2 reader could take for something else (a boolean, null, a
  // number) is quoted; so is anything outside a conservative set of characters.
  var AMBIGUOUS_WORDS = ["y", "yes", "n", "no", "on", "off", "true", "false", "null", "~"];
  var PLAIN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ._\/@+:-]*$/u;
  var DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/;
  // Characters Verbund's loader refuses: C0/C1 controls (but tab and line feed), bidi
  // overrides and isolates, lone surrogates, non-characters.
  var BAD_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/;

  function hasBadChars(text) {
    return BAD_CHARS.test(text);
  }

  function needsQuotes(text) {
    if (text === "" || !PLAIN.test(text) || /\s$/.test(text)) return true;
    if (/: |:$| #/.test(text)) return true;
    if (AMBIGUOUS_WORDS.indexOf(text.toLowerCase()) >= 0) return true;
    if (/^[-+.]?\d/.test(text) && !DATE_LIKE.test(text)) return true;
    return false;
  }

  function quote(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      if (ch === "\\") out += "\\\\";
      else if (ch === '"') out += '\\"';
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 ||
               code === 0x2029 || code === 0xfeff) {
        out += "\\u" + ("0000" + code.toString(16)).slice(-4);
      } else out += ch;
    }
    return out + '"';
  }

  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") {
      if (!isFinite(value)) throw new Error("not a finite number");
      return String(value);
    }
    var text = String(value);
    return needsQuotes(text) ? quote(text) : text;
  }

  function literalBlock(text, indent) {
    // A literal block keeps Markdown readable; it needs a first line without leading
    // spaces and no characters that only escapes can carry.
    if (/^\s/.test(text) || /\r/.test(text) || /[\u0085\u2028\u2029\ufeff]/.test(text)) return null;
    var pad = new Array(indent + 1).join(" ");
    var lines = text.split("\n").map(function (line) {
      return line === "" ? "" : pad + line;
    });
    return "|-\n" + lines.join("\n");
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function emit(data, indent) {
    var pad = new Array(indent + 1).join(" ");
    var out = "";
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      if (value === undefined || value === null) return;
      var head = pad + key + ":";
      if (Array.isArray(value)) {
        out += head + " [" + value.map(scalar).join(", ") + "]\n";
      } else if (isPlainObject(value)) {
        var keys = Object.keys(value);
        var numeric = keys.length > 0 && keys.every(function (k) {
          return typeof value[k] === "number";
        });
        if (numeric) {
          out += head + " {" + keys.map(function (k) { return k + ": " + scalar(value[k]); })
            .join(", ") + "}\n";
        } else {
          out += head + "\n" + emit(value, indent + 2);
        }
      } else if (typeof value === "string" && value.indexOf("\n") >= 0) {
        out += head + " " + (literalBlock(value, indent + 2) || quote(value)) + "\n";
      } else {
        out += head + " " + scalar(value) + "\n";
      }
    });
    return out;
  }

  function toYaml(record) {
    return emit(record, 0);
  }

  // --- answers to a record (the same rules as `verbund from-issue`) ----------------------

  var TRANSLIT = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe",
                   "å": "aa", "ı": "i", "ł": "l", "đ": "d", "þ": "th" };

  function slugify(text, limit) {
    limit = limit || 64;
    var lower = text.toLowerCase().replace(/[äöüßæøåıłđþ]/g, function (c) { return TRANSLIT[c]; });
    var plain = lower.normalize("NFKD").replace(/\p{M}/gu, "");
    var slug = plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return slug.slice(0, limit).replace(/-+$/, "");
  }

  function setPath(data, path, value) {
    var node = data;
    for (var i = 0; i < path.length - 1; i++) {
      if (!isPlainObject(node[path[i]])) node[path[i]] = {};
      node = node[path[i]];
    }
    node[path[path.length - 1]] = value;
  }

  function ordered(data, order, prefix) {
    if (!isPlainObject(data)) return data;
    var keys = Object.keys(data).sort(function (a, b) {
      var ia = order.indexOf(prefix + a), ib = order.indexOf(prefix + b);
      return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib);
    });
    var out = {};
    keys.forEach(function (k) { out[k] = ordered(data[k], order, prefix + k + "."); });
    return out;
  }

  function isoToday(now) {
    var d = now || new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" +
      ("0" + d.getDate()).slice(-2);
  }

  /* values: field id -> converted answer (null when empty). */
  function buildRecord(form, values, today) {
    var data = {};
    var when = {};
    form.fields.forEach(function (f) {
      var value = values[f.id];
      if (value === null || value === undefined || !f.path.length) return;
      if (f.part) when[f.id] = value;
      else if (f.lang) {
        if (!isPlainObject(data[f.path[0]])) data[f.path[0]] = {};
        data[f.path[0]][f.lang] = value;
      } else setPath(data, f.path, value);
    });
    if (when.start_date) {
      data.start = when.start_date + (when.start_time ? "T" + when.start_time : "");
      if (when.end_date || when.end_time) {
        data.end = (when.end_date || when.start_date) + (when.end_time ? "T" + when.end_time : "");
      }
    }
    if (form.record === "association") data.reviewed = today;
    return ordered(data, form.order, "");
  }

  function recordPath(form, values, record) {
    if (form.record === "association") {
      var slug = values.slug || slugify(record.name || "");
      if (!/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/.test(slug)) return null;
      return { id: slug, folder: form.folder, path: form.folder + "/" + slug + ".yml" };
    }
    var title = record.title || {};
    var first = Object.keys(title).map(function (k) { return title[k]; })[0] || "";
    var id = (values.start_date + "-" + (slugify(first, 40) || "event")).slice(0, 64)
      .replace(/-+$/, "");
    var folder = form.folder + "/" + values.start_date.slice(0, 4);
    return { id: id, folder: folder, path: folder + "/" + id + ".yml" };
  }

  // --- reading and checking the answers -------------------------------------------------

  var URL_RE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

  function format(text, params) {
    return text.replace(/\{(\w+)\}/g, function (_, k) {
      return params[k] === undefined ? "{" + k + "}" : String(params[k]);
    });
  }

  function length(text) {
    return Array.from(text).length; // characters, as Python counts them, not UTF-16 units
  }

  /* Returns [value, error]; value null when empty. */
  function convert(f, raw, s) {
    if (f.kind === "confirm") return [raw === true, raw === true || !f.required ? null : s.err_confirm];
    if (f.kind === "choices") {
      var ids = raw;
      if (f.required && !ids.length) return [null, s.err_choose];
      if (f.maxItems && ids.length > f.maxItems) return [null, format(s.err_items_max, { max: f.maxItems })];
      if (f.minItems && ids.length && ids.length < f.minItems) return [null, format(s.err_items_min, { min: f.minItems })];
      return [ids.length ? ids : null, null];
    }
    var text = String(raw || "").replace(/\r\n?/g, "\n").trim();
    if (text === "") {
      if (!f.required) return [null, null];
      return [null, ["choice", "bool", "district"].indexOf(f.kind) >= 0 ? s.err_choose : s.err_required];
    }
    if (hasBadChars(text)) return [null, s.err_chars];
    if (f.maxLength && length(text) > f.maxLength) {
      return [null, format(s.err_too_long, { max: f.maxLength, count: length(text) })];
    }
    if (f.minLength && length(text) < f.minLength) return [null, format(s.err_too_short, { min: f.minLength })];
    switch (f.kind) {
      case "choice": case "district": return [text, null];
      case "bool": return [text === "true", null];
      case "integer": {
        if (!/^\d{1,7}$/.test(text)) return [null, s.err_integer];
        var n = parseInt(text, 10);
        var max = f.id === "founded" ? new Date().getFullYear() : null;
        if ((f.minimum !== undefined && n < f.minimum) || (max !== null && n > max)) {
          return [null, format(s.err_range, { min: f.minimum, max: max === null ? "…" : max })];
        }
        return [n, null];
      }
      case "list": {
        var typed = text.split(/[,;\s]+/).filter(Boolean);
        var items = typed.map(function (x) {
          if (f.id === "countries") return x.toUpperCase();
          if (f.id === "maintainers") return x.replace(/^@/, "");
          return x;
        });
        if (f.itemPattern) {
          var re = new RegExp(f.itemPattern);
          var hint = { countries: s.hint_country, languages: s.hint_language, member_of: s.hint_slug,
                       organizers: s.hint_slug, maintainers: s.hint_user }[f.id] || s.err_pattern;
          for (var i = 0; i < items.length; i++) {
            if (!re.test(items[i])) return [null, format(s.err_item, { item: typed[i], hint: hint })];
          }
        }
        return [items.filter(function (x, i) { return items.indexOf(x) === i; }), null];
      }
      case "url": return URL_RE.test(text) ? [text, null] : [null, s.err_url];
      case "email":
        return new RegExp(f.pattern || "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$").test(text) ? [text, null] : [null, s.err_email];
      case "phone":
        return new RegExp(f.pattern || "^\\+?[0-9][0-9 ()/.-]{2,}$").test(text) ? [text, null] : [null, s.err_phone];
      case "geo": {
        var m = /^(-?\d{1,3}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(text);
        if (!m) return [null, s.err_geo];
        var lat = parseFloat(m[1]), lon = parseFloat(m[2]);
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return [null, s.err_geo];
        return [{ lat: lat, lon: lon }, null];
      }
      case "date": {
        var de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
        if (de) text = de[3] + "-" + ("0" + de[2]).slice(-2) + "-" + ("0" + de[1]).slice(-2);
        var d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        var real = d && new Date(Date.UTC(+d[1], +d[2] - 1, +d[3]));
        if (!d || real.getUTCMonth() !== +d[2] - 1 || real.getUTCDate() !== +d[3]) return [null, s.err_date];
        return [text, null];
      }
      case "time": {
        var t = /^(\d{1,2})[:.](\d{2})$/.exec(text);
        if (!t || +t[1] > 23 || +t[2] > 59) return [null, s.err_time];
        return [("0" + t[1]).slice(-2) + ":" + t[2], null];
      }
      case "slug":
        return /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/.test(text) ? [text, null] : [null, s.err_slug];
      default:
        if (f.pattern && !new RegExp(f.pattern).test(text)) return [null, s.err_pattern];
        return [text, null];
    }
  }

  /* Checks that need more than one answer; errors keyed by field id. */
  function crossCheck(form, values, s) {
    var errors = {};
    if (form.record === "event") {
      if (!values.street && !values.city && !values.online) errors.street = s.err_location;
      if (values.end_time && !values.start_time || values.end_date && values.start_time && !values.end_time) {
        errors.end_time = s.err_end_kind;
      }
      var start = (values.start_date || "") + (values.start_time ? "T" + values.start_time : "");
      var end = (values.end_date || values.start_date || "") + (values.end_time ? "T" + values.end_time : "");
      if (values.start_date && (values.end_date || values.end_time) && !errors.end_time &&
          end < start) {
        errors[values.end_date ? "end_date" : "end_time"] = s.err_end;
      }
    }
    return errors;
  }

  // --- the page ---------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "hidden") node.hidden = true;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function t(texts, lang) {
    return (texts && (texts[lang] || texts.en || texts.de)) || "";
  }

  function fieldId(formName, f) {
    return "vb-" + formName + "-" + f.id;
  }

  function requiredMark(f, s) {
    return f.required ? el("span", { "class": "vb-form__required", text: " (" + s.required + ")" }) : null;
  }

  function renderField(formName, f, lang, s) {
    var id = fieldId(formName, f);
    var helpId = id + "-help", errorId = id + "-error";
    var helpText = t(f.help, lang);
    var help = helpText.trim() ? el("p", { id: helpId, "class": "vb-form__help", text: helpText.trim() }) : null;
    var error = el("p", { id: errorId, "class": "vb-form__error", hidden: true });
    var described = (help ? helpId + " " : "") + errorId;
    var wrap = el("div", { "class": "vb-form__field", "data-field": f.id });

    if (f.kind === "choices") {
      var set = el("fieldset", { id: id, "class": "vb-form__choices", "aria-describedby": described },
        [el("legend", {}, [t(f.label, lang), requiredMark(f, s)])]);
      if (help) set.appendChild(help);
      var list = el("div", { "class": "vb-form__options" });
      f.options.forEach(function (o, i) {
        var oid = id + "-" + i;
        list.appendChild(el("div", { "class": "vb-form__option" }, [
          el("input", { type: "checkbox", id: oid, name: f.id, value: o.id }),
          el("label", { "for": oid, text: t(o.label, lang) }),
        ]));
      });
      set.appendChild(list);
      set.appendChild(error);
      wrap.appendChild(set);
      return wrap;
    }
    if (f.kind === "confirm") {
      wrap.appendChild(el("div", { "class": "vb-form__option" }, [
        el("input", { type: "checkbox", id: id, name: f.id, required: f.required,
                      "aria-describedby": described }),
        el("label", { "for": id }, [t(f.option, lang), requiredMark(f, s)]),
      ]));
      if (help) wrap.appendChild(help);
      wrap.appendChild(error);
      return wrap;
    }
    wrap.appendChild(el("label", { "for": id, "class": "vb-form__label" }, [t(f.label, lang), requiredMark(f, s)]));
    if (help) wrap.appendChild(help);
    var control;
    var common = { id: id, name: f.id, required: f.required, "aria-describedby": described };
    if (["choice", "bool", "district"].indexOf(f.kind) >= 0) {
      control = el("select", common, [el("option", { value: "", text: s.choose_option })]);
      f.options.forEach(function (o) {
        control.appendChild(el("option", { value: o.id, text: t(o.label, lang) }));
      });
    } else if (f.kind === "textarea" || f.kind === "markdown") {
      common.rows = f.kind === "markdown" ? 6 : 3;
      control = el("textarea", common);
    } else {
      var type = { url: "url", email: "email", date: "date", time: "time", phone: "tel",
                   integer: "text" }[f.kind] || "text";
      common.type = type;
      if (f.kind === "integer") common.inputmode = "numeric";
      if (f.kind === "email") common.autocomplete = "email";
      if (f.kind === "list" || f.kind === "slug") { common.autocapitalize = "off"; common.spellcheck = "false"; }
      control = el("input", common);
    }
    wrap.appendChild(control);
    wrap.appendChild(error);
    return wrap;
  }

  function readAnswer(root, formName, f) {
    var id = fieldId(formName, f);
    if (f.kind === "choices") {
      return Array.prototype.slice.call(root.querySelectorAll("#" + id + " input:checked"))
        .map(function (x) { return x.value; });
    }
    var node = root.querySelector("#" + id);
    if (f.kind === "confirm") return node.checked;
    return node.value;
  }

  function showError(root, formName, f, message) {
    var id = fieldId(formName, f);
    var error = root.querySelector("#" + id + "-error");
    var control = root.querySelector("#" + id);
    error.textContent = message || "";
    error.hidden = !message;
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }

  function issueUrl(def, form, formName, values, raw, yaml, s) {
    if (!def.repo) return null;
    var name = values.name || (values.title_de || values[Object.keys(values).filter(function (k) {
      return k.indexOf("title_") === 0 && values[k];
    })[0]]) || "";
    var base = def.repo + "/issues/new?";
    function build(withFields) {
      var params = new URLSearchParams();
      params.set("template", form.template);
      params.set("title", format(s["issue_title_" + formName], { name: name }));
      if (withFields) {
        form.fields.forEach(function (f) {
          if (!f.prefill || values[f.id] === null || values[f.id] === undefined) return;
          params.set(f.id, Array.isArray(values[f.id]) ? values[f.id].join(", ") : String(raw[f.id]).trim());
        });
      }
      params.set("record", yaml);
      return base + params.toString();
    }
    var url = build(true);
    if (url.length > 8000) url = build(false);
    return url.length > 8000 ? null : url;
  }

  function newFileUrl(def, target, yaml) {
    if (!def.repo) return null;
    var url = def.repo + "/new/" + encodeURIComponent(def.branch || "main") + "/" +
      target.folder.split("/").map(encodeURIComponent).join("/") +
      "?filename=" + encodeURIComponent(target.id + ".yml") + "&value=" + encodeURIComponent(yaml);
    return url.length > 8000 ? null : url;
  }

  function mailUrl(def, target, yaml, s) {
    if (!def.editorEmail) return null;
    return "mailto:" + encodeURIComponent(def.editorEmail).replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(format(s.mail_subject, { file: target.path })) +
      "&body=" + encodeURIComponent(s.mail_intro + target.path + "\n\n" + yaml);
  }

  function way(href, text, help, attrs) {
    var link = el("a", Object.assign({ href: href, "class": "md-button" }, attrs || {}), [text]);
    return el("li", { "class": "vb-form__way" }, [link, help ? el("p", { text: help }) : null]);
  }

  function renderResult(out, def, form, formName, values, raw, record, target, s) {
    var yaml = toYaml(record);
    out.textContent = "";
    var heading = el("h3", { id: "vb-" + formName + "-result-title", tabindex: "-1", text: s.result_title });
    out.appendChild(heading);
    out.appendChild(el("p", { text: s.result_intro }));
    out.appendChild(el("p", {}, [el("strong", { text: s.file + ": " }), el("code", { "class": "vb-form__path", text: target.path })]));
    out.appendChild(el("pre", { "class": "vb-form__yaml" }, [el("code", { text: yaml })]));
    out.appendChild(el("h4", { text: s.ways }));
    var ways = el("ul", { "class": "vb-form__ways" });
    var external = { target: "_blank", rel: "noopener noreferrer" };
    var issue = issueUrl(def, form, formName, values, raw, yaml, s);
    if (def.repo) {
      ways.appendChild(issue ? way(issue, s.way_issue, s.way_issue_help, Object.assign({ "data-vb-way": "issue" }, external))
                             : el("li", { text: s.too_long }));
      var file = newFileUrl(def, target, yaml);
      ways.appendChild(file ? way(file, s.way_file, s.way_file_help, Object.assign({ "data-vb-way": "file" }, external))
                            : el("li", { text: s.too_long }));
    }
    var blob = new Blob([yaml], { type: "application/x-yaml" });
    ways.appendChild(way(URL.createObjectURL(blob), s.way_download, null,
      { download: target.id + ".yml", "data-vb-way": "download" }));
    var mail = mailUrl(def, target, yaml, s);
    if (mail) ways.appendChild(way(mail, s.way_email, s.way_email_help, { "data-vb-way": "email" }));
    out.appendChild(ways);
    out.hidden = false;
    heading.focus();
  }

  function renderForm(root, def, formName, lang, s) {
    var form = def.forms[formName];
    var node = el("form", { "class": "vb-form", id: "vb-form-" + formName, novalidate: true,
                            "aria-labelledby": "vb-choice-" + formName + "-label" });
    var summary = el("div", { "class": "vb-form__summary", tabindex: "-1", role: "alert", hidden: true });
    node.appendChild(summary);
    form.fields.forEach(function (f) { node.appendChild(renderField(formName, f, lang, s)); });
    node.appendChild(el("p", {}, [el("button", { type: "submit", "class": "md-button md-button--primary", text: s.check })]));
    var out = el("section", { "class": "vb-form__result", "aria-live": "polite", hidden: true });

    node.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = {}, raw = {}, errors = {};
      form.fields.forEach(function (f) {
        raw[f.id] = readAnswer(node, formName, f);
        var result = convert(f, raw[f.id], s);
        values[f.id] = result[0];
        if (result[1]) errors[f.id] = result[1];
      });
      var cross = crossCheck(form, values, s);
      Object.keys(cross).forEach(function (k) { if (!errors[k]) errors[k] = cross[k]; });
      var record = null, target = null;
      if (!Object.keys(errors).length) {
        record = buildRecord(form, values, isoToday());
        target = recordPath(form, values, record);
        if (!target) errors[formName === "association" ? "slug" : "start_date"] = s.err_no_slug;
      }
      form.fields.forEach(function (f) { showError(node, formName, f, errors[f.id]); });
      summary.textContent = "";
      if (Object.keys(errors).length) {
        out.hidden = true;
        summary.appendChild(el("h3", { text: s.errors_title }));
        var list = el("ul");
        form.fields.forEach(function (f) {
          if (!errors[f.id]) return;
          var target = fieldId(formName, f) + (f.kind === "choices" ? "-0" : "");
          list.appendChild(el("li", {}, [el("a", { href: "#" + target, text: t(f.label, lang) + ": " + errors[f.id] })]));
        });
        summary.appendChild(list);
        summary.hidden = false;
        summary.focus();
        return;
      }
      summary.hidden = true;
      renderResult(out, def, form, formName, values, raw, record, target, s);
    });
    var wrap = el("div", { "class": "vb-form__panel", id: "vb-panel-" + formName, "data-vb-form": formName });
    wrap.appendChild(node);
    wrap.appendChild(out);
    return wrap;
  }

  function start(root) {
    var lang = root.getAttribute("data-vb-lang") || document.documentElement.lang || "en";
    var status = root.querySelector(".vb-contribute__status");
    fetch(root.getAttribute("data-vb-form-src"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (def) {
        var s = def.strings[lang] || def.strings.en;
        root.textContent = "";
        root.appendChild(el("p", { "class": "vb-form__privacy", text: s.privacy }));
        var choice = el("fieldset", { "class": "vb-form__switch" }, [el("legend", { text: s.choose })]);
        var panels = {};
        Object.keys(def.forms).forEach(function (name, i) {
          var id = "vb-choice-" + name;
          var input = el("input", { type: "radio", name: "vb-form-choice", id: id, value: name, checked: i === 0 });
          choice.appendChild(el("div", { "class": "vb-form__option" }, [
            input, el("label", { "for": id, id: id + "-label", text: s[name] || name }),
          ]));
          panels[name] = renderForm(root, def, name, lang, s);
          panels[name].hidden = i !== 0;
          input.addEventListener("change", function () {
            Object.keys(panels).forEach(function (n) { panels[n].hidden = n !== name; });
          });
        });
        root.appendChild(choice);
        Object.keys(panels).forEach(function (n) { root.appendChild(panels[n]); });
      })
      .catch(function () {
        if (status) status.textContent = "";
        root.appendChild(el("p", { "class": "vb-form__error", text: (root.getAttribute("data-vb-lang") === "de"
          ? "Das Formular konnte nicht geladen werden." : "The form could not be loaded.") }));
      });
  }

  var api = { toYaml: toYaml, slugify: slugify, buildRecord: buildRecord, convert: convert,
              recordPath: recordPath, needsQuotes: needsQuotes, hasBadChars: hasBadChars };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    window.verbundContribute = api;
    var root = document.getElementById("vb-contribute");
    if (root) start(root);
  }
})();
