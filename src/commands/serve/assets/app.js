// charter serve: the page's script. It edits the charter's values, asks the server to
// lint them (the same code path as `charter lint`), saves and exports. Every text is set
// with textContent (escaped by construction); nothing is sent anywhere but this server.
'use strict';

const base = location.pathname.endsWith('/') ? location.pathname : location.pathname + '/';
let state = null;
let model = null;
let ui = {};
let lint = null;
let timer = null;
let sequence = 0;
let pending = null;
let clauseIds = [];

function t(key, ...values) {
  let text = ui[key] ?? key;
  values.forEach((v, i) => { text = text.split('{' + i + '}').join(String(v)); });
  return text;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else if (v !== false && v != null) e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

async function api(path, options) {
  const response = await fetch(base + path, options);
  const type = response.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await response.json() : await response.text();
  return { ok: response.ok, status: response.status, body };
}

function post(path, value) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
}

function setStatus(text) { document.getElementById('status').textContent = text; }

function notice(text, ...extra) {
  const box = document.getElementById('notice');
  box.replaceChildren();
  if (text) box.append(el('p', { text }), ...extra);
}

// --- the charter's values ---------------------------------------------------------

/** The values as the charter format holds them: empty optional fields left out. */
function cleaned() {
  const m = structuredClone(model);
  for (const key of ['organisation', 'team', 'adopted']) if (!m[key]) delete m[key];
  if (m.owner) {
    for (const key of ['role', 'contact']) if (!m.owner[key]) delete m.owner[key];
    if (!m.owner.name && !m.owner.role && !m.owner.contact) delete m.owner;
  }
  if (m.review) {
    for (const key of ['every_months', 'next']) if (m.review[key] === '' || m.review[key] == null) delete m.review[key];
    if (Object.keys(m.review).length === 0) delete m.review;
  }
  for (const tool of m.tools || []) if (!tool.accounts) delete tool.accounts;
  for (const use of m.uses || []) if (!use.why) delete use.why;
  if (m.extra && m.extra.length === 0) delete m.extra;
  return m;
}

function changed(structural) {
  if (!model) return; // the start form: nothing to check yet
  setStatus(t('unsaved'));
  if (structural) renderEditor();
  clearTimeout(timer);
  timer = setTimeout(runLint, 350);
}

async function runLint() {
  timer = null;
  const mine = ++sequence;
  setStatus(t('checking'));
  pending = post('api/lint', { model: cleaned() });
  const reply = await pending;
  pending = null;
  if (mine !== sequence) return;
  if (!reply.ok) { notice(reply.body.error || String(reply.status)); return; }
  lint = reply.body;
  renderLint();
  setStatus(lint.saved ? t('all-saved') : t('unsaved'));
}

/** Waits until the server has linted the latest values. */
async function flush() {
  if (timer) { clearTimeout(timer); await runLint(); }
  if (pending) await pending;
}

// --- fields ---------------------------------------------------------------------

function slug(text) {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
}

function fieldId(path) { return 'f-' + path.join('.'); }

/** A labelled input bound to `get`/`put`. */
function input(path, label, get, put, kind) {
  const id = fieldId(path);
  const attrs = { id, name: id };
  let control;
  if (kind === 'textarea' || kind === 'long') {
    control = el('textarea', { ...attrs, rows: kind === 'long' ? 8 : 3 });
    control.value = get() ?? '';
  } else if (kind === 'checkbox') {
    control = el('input', { ...attrs, type: 'checkbox' });
    control.checked = !!get();
  } else {
    control = el('input', { ...attrs, type: kind || 'text' });
    control.value = get() ?? '';
  }
  control.addEventListener(kind === 'checkbox' ? 'change' : 'input', () => {
    put(kind === 'checkbox' ? control.checked : control.value);
    changed(false);
  });
  const labelEl = el('label', { for: id, text: label });
  return el('div', { class: kind === 'checkbox' ? 'field check' : 'field' },
    ...(kind === 'checkbox' ? [control, labelEl] : [labelEl, control]));
}

function select(path, label, options, get, put) {
  const id = fieldId(path);
  const control = el('select', { id, name: id });
  for (const [value, text] of options) control.append(el('option', { value, text }));
  control.value = get();
  control.addEventListener('change', () => { put(control.value); changed(false); });
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), control);
}

function section(id, title, ...children) {
  return el('section', { id, class: 'part', tabindex: '-1', 'aria-labelledby': id + '-h' },
    el('h2', { id: id + '-h', text: title }), ...children);
}

function button(text, onclick, attrs) {
  return el('button', { type: 'button', ...(attrs || {}), onclick, text });
}

// --- the editor -----------------------------------------------------------------

function renderEditor() {
  const editor = document.getElementById('editor');
  editor.replaceChildren();
  if (!state.started) { editor.append(startForm()); return; }
  if (!model) { editor.append(el('p', { class: 'warn', text: t('no-model') })); return; }
  editor.append(general(), packs(), tools(), uses(), clauses(), extra());
}

function startForm() {
  const langs = state.choices.langs;
  const chosen = { packs: ['public-comms'], lang: state.lang, organisation: '' };
  const boxes = state.choices.packs.map((p) => input(['start', 'pack', p.id], p.title + ' (' + p.id + ')',
    () => chosen.packs.includes(p.id),
    (on) => { chosen.packs = on ? [...chosen.packs, p.id] : chosen.packs.filter((x) => x !== p.id); }, 'checkbox'));
  const fileId = 'f-import';
  const file = el('input', { id: fileId, type: 'file', accept: '.md,.markdown,.txt,.docx,.odt' });
  return section('start', t('start-heading'),
    el('p', { text: t('start-intro', state.file) }),
    el('fieldset', {}, el('legend', { text: t('start-packs') }), ...boxes),
    select(['start', 'lang'], t('lang'), langs, () => chosen.lang, (v) => { chosen.lang = v; }),
    input(['start', 'organisation'], t('organisation'), () => chosen.organisation, (v) => { chosen.organisation = v; }),
    button(t('start-button'), async () => {
      const reply = await post('api/start', chosen);
      if (reply.ok) load(reply.body); else notice(reply.body.error || String(reply.status));
    }, { id: 'start-button', class: 'primary' }),
    el('div', { class: 'field spaced' }, el('label', { for: fileId, text: t('import-label') }), file),
    button(t('import-button'), async () => {
      const draft = file.files[0];
      if (!draft) { file.focus(); return; }
      const reply = await api('api/import?name=' + encodeURIComponent(draft.name), { method: 'POST', body: draft });
      if (reply.ok) load(reply.body); else notice(reply.body.error || String(reply.status));
    }, { id: 'import-button' }));
}

function general() {
  model.owner ??= { name: '' };
  model.review ??= {};
  const langs = state.choices.langs;
  return section('general', t('general'),
    input(['title'], t('title'), () => model.title, (v) => { model.title = v; }),
    input(['organisation'], t('organisation'), () => model.organisation, (v) => { model.organisation = v; }),
    input(['team'], t('team'), () => model.team, (v) => { model.team = v; }),
    select(['lang'], t('lang'), langs, () => model.lang, (v) => { model.lang = v; }),
    input(['owner', 'name'], t('owner-name'), () => model.owner.name, (v) => { model.owner.name = v; }),
    input(['owner', 'role'], t('owner-role'), () => model.owner.role, (v) => { model.owner.role = v; }),
    input(['owner', 'contact'], t('owner-contact'), () => model.owner.contact, (v) => { model.owner.contact = v; }),
    input(['adopted'], t('adopted'), () => model.adopted, (v) => { model.adopted = v; }, 'date'),
    input(['review', 'every_months'], t('review-every'), () => model.review.every_months,
      (v) => { model.review.every_months = v === '' ? '' : Number(v); }, 'number'),
    input(['review', 'next'], t('review-next'), () => model.review.next, (v) => { model.review.next = v; }, 'date'));
}

function packs() {
  const boxes = state.choices.packs.map((p) => input(['packs', p.id], p.title + ' (' + p.id + ')',
    () => model.packs.includes(p.id),
    (on) => {
      model.packs = on ? [...model.packs, p.id] : model.packs.filter((x) => x !== p.id);
    }, 'checkbox'));
  return section('packs', t('packs'), el('fieldset', { class: 'plain' }, el('legend', { class: 'sr', text: t('packs') }), ...boxes));
}

function tools() {
  const list = model.tools.map((tool, i) => el('fieldset', { id: fieldId(['tools', i]), class: 'item', tabindex: '-1' },
    el('legend', { text: t('tool', i + 1) + (tool.name ? ' — ' + tool.name : '') }),
    input(['tools', i, 'name'], t('name'), () => tool.name, (v) => { tool.name = v; }),
    input(['tools', i, 'id'], t('id'), () => tool.id, (v) => { tool.id = v; }),
    input(['tools', i, 'approved'], t('approved'), () => tool.approved, (v) => { tool.approved = v; }, 'checkbox'),
    input(['tools', i, 'accounts'], t('accounts'), () => tool.accounts, (v) => { tool.accounts = v; }),
    input(['tools', i, 'data'], t('data'), () => (tool.data || []).join(', '),
      (v) => { tool.data = v.split(',').map((x) => x.trim()).filter(Boolean); }),
    input(['tools', i, 'high-risk'], t('high-risk'), () => tool['high-risk'], (v) => { tool['high-risk'] = v; }, 'checkbox'),
    button(t('remove'), () => { model.tools.splice(i, 1); changed(true); }, { class: 'remove' })));
  const add = button(t('add-tool'), () => {
    const n = model.tools.length + 1;
    model.tools.push({ id: 'tool-' + n, name: '', approved: true, data: ['public'], 'high-risk': false });
    changed(true);
    document.getElementById(fieldId(['tools', n - 1, 'name'])).focus();
  }, { id: 'add-tool' });
  return section('tools', t('tools'), ...list, add);
}

function uses() {
  const statuses = ['allowed', 'conditional', 'forbidden'].map((s) => [s, ui['status-' + s]]);
  const list = model.uses.map((use, i) => {
    const toolBoxes = model.tools.map((tool) => input(['uses', i, 'tools', tool.id], tool.name || tool.id,
      () => use.tools.includes(tool.id),
      (on) => { use.tools = on ? [...use.tools, tool.id] : use.tools.filter((x) => x !== tool.id); }, 'checkbox'));
    return el('fieldset', { id: fieldId(['uses', i]), class: 'item', tabindex: '-1' },
      el('legend', { text: t('use', i + 1) + (use.description ? ' — ' + use.description : '') }),
      input(['uses', i, 'description'], t('description'), () => use.description, (v) => { use.description = v; }),
      input(['uses', i, 'id'], t('id'), () => use.id, (v) => { use.id = v; }),
      select(['uses', i, 'status'], t('status'), statuses, () => use.status, (v) => { use.status = v; }),
      input(['uses', i, 'why'], t('why'), () => use.why, (v) => { use.why = v; }, 'textarea'),
      toolBoxes.length ? el('fieldset', { id: fieldId(['uses', i, 'tools']), class: 'plain', tabindex: '-1' },
        el('legend', { text: t('use-tools') }), ...toolBoxes) : null,
      input(['uses', i, 'conditions'], t('conditions'), () => (use.conditions || []).join('\n'),
        (v) => { use.conditions = v.split('\n').map((x) => x.trim()).filter(Boolean); }, 'textarea'),
      input(['uses', i, 'public-facing'], t('public-facing'), () => use['public-facing'], (v) => { use['public-facing'] = v; }, 'checkbox'),
      button(t('remove'), () => { model.uses.splice(i, 1); changed(true); }, { class: 'remove' }));
  });
  const addBlank = button(t('add-use'), () => {
    const n = model.uses.length + 1;
    model.uses.push({ id: 'use-' + n, description: '', status: 'forbidden', tools: [], conditions: [], 'public-facing': false });
    changed(true);
    document.getElementById(fieldId(['uses', n - 1, 'description'])).focus();
  }, { id: 'add-use' });
  const commonId = 'f-common-use';
  const common = el('select', { id: commonId });
  common.append(el('option', { value: '', text: t('choose') }));
  for (const u of state.choices.uses) common.append(el('option', { value: u.id, text: (u[model.lang] || u.en).description }));
  const addCommon = button(t('common-use'), () => {
    const spec = state.choices.uses.find((u) => u.id === common.value);
    if (!spec) { common.focus(); return; }
    const words = spec[model.lang] || spec.en;
    let id = spec.id;
    while (model.uses.some((u) => u.id === id)) id += '-2';
    model.uses.push({
      id, description: words.description, status: spec.status,
      why: spec.status === 'forbidden' ? words.why_forbidden : words.why,
      tools: [], conditions: spec.status === 'conditional' ? words.conditions : [], 'public-facing': spec.public_facing,
    });
    changed(true);
    document.getElementById(fieldId(['uses', model.uses.length - 1, 'description'])).focus();
  }, { id: 'add-common-use' });
  return section('uses', t('uses'), ...list, addBlank,
    el('div', { class: 'field inline' }, el('label', { for: commonId, text: t('common-use') }), common, addCommon));
}

function currentClauseIds() {
  const ids = [];
  for (const c of lint?.coverage || []) if (!ids.includes(c.clause)) ids.push(c.clause);
  for (const id of Object.keys(model.clauses || {})) if (!ids.includes(id)) ids.push(id);
  for (const id of Object.keys(model.waivers || {})) if (!ids.includes(id)) ids.push(id);
  return ids;
}

function clauses() {
  model.clauses ??= {};
  model.waivers ??= {};
  clauseIds = currentClauseIds();
  const items = clauseIds.map((id) => {
    const spec = state.choices.clauses.find((c) => c.id === id);
    const title = spec ? spec.title : id;
    const path = ['clauses', id];
    return el('div', { class: 'clause', id: 'clause-' + id },
      el('h3', {}, el('span', { text: title + ' ' }), el('span', { id: 'st-' + id, class: 'badge' })),
      spec ? el('p', { class: 'hint', text: spec.summary }) : null,
      input(path, t('clause-text') + ' — ' + title, () => model.clauses[id],
        (v) => { if (v.trim()) model.clauses[id] = v; else delete model.clauses[id]; }, 'long'),
      el('div', { class: 'row' },
        spec ? button(t('suggested'), () => {
          const area = document.getElementById(fieldId(path));
          const words = (spec.suggested[model.lang] || spec.suggested.en).trim() + '\n';
          area.value = area.value.trim() ? area.value.trimEnd() + '\n\n' + words : words;
          model.clauses[id] = area.value;
          changed(false);
          area.focus();
        }, { id: 'suggest-' + id }) : null,
        spec ? button(t('explain'), () => explain(id), { 'aria-controls': 'explain' }) : null),
      input(['waivers', id], t('waiver'), () => model.waivers[id],
        (v) => { if (v.trim()) model.waivers[id] = v; else delete model.waivers[id]; }));
  });
  return section('clauses', t('clauses'), ...items);
}

function extra() {
  model.extra ??= [];
  const list = model.extra.map((item, i) => el('fieldset', { id: fieldId(['extra', i]), class: 'item', tabindex: '-1' },
    el('legend', { text: t('extra') + ' ' + (i + 1) }),
    input(['extra', i, 'heading'], t('heading'), () => item.heading, (v) => { if (v) item.heading = v; else delete item.heading; }),
    input(['extra', i, 'text'], t('text'), () => item.text, (v) => { item.text = v; }, 'long'),
    button(t('remove'), () => { model.extra.splice(i, 1); changed(true); }, { class: 'remove' })));
  return section('extra', t('extra'), ...list, button(t('add-extra'), () => {
    model.extra.push({ heading: '', text: '' });
    changed(true);
  }));
}

async function explain(id) {
  const reply = await api('api/explain?clause=' + encodeURIComponent(id));
  const panel = document.getElementById('explain');
  document.getElementById('explain-text').textContent = reply.ok ? reply.body : (reply.body.error || '');
  panel.hidden = false;
  panel.focus();
}

// --- findings -------------------------------------------------------------------

/** The element a finding's field path points to: the deepest one the page has. */
function target(field) {
  const parts = field.split('.');
  while (parts.length) {
    const found = document.getElementById(fieldId(parts));
    if (found) return found;
    parts.pop();
  }
  return document.getElementById(field.split('.')[0]);
}

function renderLint() {
  if (model && currentClauseIds().join() !== clauseIds.join()) renderEditor();
  const list = document.getElementById('findings-list');
  const coverage = document.getElementById('coverage-list');
  list.replaceChildren();
  coverage.replaceChildren();
  const count = document.getElementById('findings-count');
  if (!lint) { count.textContent = ''; document.getElementById('summary').textContent = ''; return; }
  const errors = lint.findings.filter((f) => f.severity === 'error').length;
  const warnings = lint.findings.filter((f) => f.severity === 'warning').length;
  count.textContent = lint.findings.length ? t('count', errors, warnings) : t('no-findings');
  document.getElementById('summary').textContent = count.textContent;
  for (const f of lint.findings) {
    const item = el('li', { class: 'finding ' + f.severity, 'data-code': f.code },
      el('strong', { text: f.severity_label + ' ' }),
      el('span', { text: f.message + ' ' }),
      el('code', { text: f.code }));
    if (f.help) item.append(el('p', { class: 'hint', text: f.help }));
    const field = f.field ? target(f.field) : null;
    if (field) {
      item.append(el('a', {
        href: '#' + field.id, text: t('go-to') + ' (' + t('line', f.line) + ')',
        onclick: (e) => { e.preventDefault(); field.scrollIntoView({ block: 'center' }); field.focus({ preventScroll: true }); },
      }));
    } else {
      item.append(el('span', { class: 'hint', text: ' ' + t('line', f.line) }));
    }
    list.append(item);
  }
  for (const c of lint.coverage) {
    coverage.append(el('li', { class: 'chip ' + c.status },
      el('a', { href: '#clause-' + c.clause, text: c.title + ' — ' + c.status_label })));
    const badge = document.getElementById('st-' + c.clause);
    if (badge) { badge.textContent = c.status_label; badge.className = 'badge ' + c.status; }
  }
  const lost = lint.lost_comments || [];
  if (lost.length) {
    const items = el('ul', {}, ...lost.map((c) => el('li', {}, el('code', { text: c }))));
    notice(t('lost'), items);
  } else if (document.getElementById('notice').dataset.kind !== 'error') {
    notice('');
  }
}

// --- actions --------------------------------------------------------------------

function renderActions() {
  const actions = document.getElementById('actions');
  actions.replaceChildren();
  if (!state.started) return;
  const download = (format) => el('a', {
    href: 'export/' + format, class: 'button', id: 'export-' + format, download: true,
    onclick: async (e) => { e.preventDefault(); await flush(); location.href = base + 'export/' + format; },
  }, t('export-' + format));
  actions.append(
    button(t('save'), () => save(false), { id: 'save', class: 'primary' }),
    button(t('reload'), reload, { id: 'reload' }),
    el('span', { class: 'group', role: 'group', 'aria-label': t('export') },
      el('span', { text: t('export') + ' ' }), download('docx'), download('html'), download('md')),
    button(t('preview'), preview, { id: 'show-preview', 'aria-controls': 'preview' }));
}

async function save(dropComments) {
  await flush();
  const reply = await post('api/save', { model: cleaned(), drop_comments: dropComments });
  if (reply.ok) {
    load(reply.body);
    notice('');
    setStatus(reply.body.message || t('all-saved'));
    return;
  }
  const message = reply.body.error || String(reply.status);
  if ((lint?.lost_comments || []).length && !dropComments) {
    notice(message, button(t('save-anyway'), () => save(true), { id: 'save-anyway' }));
  } else {
    notice(message, button(t('reload'), reload));
  }
  document.getElementById('notice').dataset.kind = 'error';
}

async function reload() {
  const reply = await post('api/reload', {});
  if (reply.ok) { notice(''); load(reply.body); } else notice(reply.body.error || String(reply.status));
}

async function preview() {
  await flush();
  const box = document.getElementById('preview');
  box.hidden = false;
  document.getElementById('preview-frame').src = base + 'preview?at=' + Date.now();
  box.scrollIntoView();
}

function load(next) {
  state = next;
  ui = state.ui;
  model = state.model ? structuredClone(state.model) : null;
  lint = state.lint;
  document.documentElement.lang = state.lang;
  document.title = t('page-title');
  document.getElementById('page-title').textContent = t('page-title');
  document.getElementById('file').textContent = t('file', state.file);
  document.getElementById('skip').textContent = t('skip');
  document.getElementById('findings-title').textContent = t('findings');
  document.getElementById('coverage-title').textContent = t('coverage');
  document.getElementById('explain-title').textContent = t('explanation');
  document.getElementById('explain-close').textContent = t('close');
  document.getElementById('preview-title').textContent = t('preview-title');
  document.getElementById('preview-frame').title = t('preview-title');
  document.getElementById('notice').dataset.kind = '';
  document.getElementById('findings').hidden = !state.started;
  renderActions();
  renderEditor();
  renderLint();
  setStatus(lint && lint.saved ? t('all-saved') : (state.started ? t('unsaved') : ''));
}

document.getElementById('explain-close').addEventListener('click', () => {
  document.getElementById('explain').hidden = true;
});

api('api/state').then((reply) => { if (reply.ok) load(reply.body); else notice(String(reply.status)); });
