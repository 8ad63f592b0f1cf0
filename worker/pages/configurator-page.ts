/**
 * GET /: the configurator. Every embed option as a form control; the snippet those options make; that snippet
 * running in a frame; links to the same snippet on a simulated partner page. It works as a plain GET form
 * without script; /assets/configurator.js makes it live (and, in `npm start`, reloads on content changes).
 */
import { html } from 'hono/html';
import type { PreviewStatus } from '../../content/preview-status.ts';
import type { SectionList } from '../../content/schema.ts';
import { type ConfigurableOption, type EmbedCode, type EmbedOptions, OPTION_RULES, embedCodeFor, embedPreviewPath, optionsQuery } from '../../widget/embed-options.ts';
import { type KnownPartner, withoutPartnerDefaults } from '../../widget/partner-defaults.ts';
import { type Markup, renderPage } from './page-shell.ts';

export const CONFIGURATOR_SCRIPT_PATH = '/assets/configurator.js';

export interface ConfiguratorView {
  /** Where this worker answers: the snippet loads the embed from here. */
  origin: string;
  /** The other origin the partner preview runs on. */
  partnerOrigin: string;
  options: EmbedOptions;
  /** Which embed code is shown and running in the live frame. */
  code: EmbedCode;
  /** Sections to offer; `undefined` when they could not be read (the field then takes any section). */
  sections: SectionList['sections'] | undefined;
  /** Problems of the last content build (`npm start` only); the script keeps them current. */
  contentProblems: PreviewStatus['problems'];
  /** The partners of content/partners/, by id, offered in the partner field. */
  partners: readonly KnownPartner[];
}

const CHOICE_LABELS: Record<string, string> = {
  auto: 'تلقائي، كما يختار نظام القارئ',
  light: 'فاتح',
  dark: 'داكن',
  arab: 'عربية مشرقية (٣ دقائق)',
  latn: 'لاتينية (3 دقائق)',
  ar: 'العربية',
  en: 'English',
};

export function renderConfigurator(view: ConfiguratorView): Promise<string> {
  const partner = view.partners.find((known) => known.id === view.options.partner);
  // A known partner's defaults fill the fields the URL leaves out; the embed code then leaves them out again.
  const value = (name: ConfigurableOption) => view.options[name] ?? (partner?.defaults as Record<string, string> | undefined)?.[name] ?? OPTION_RULES[name].default;
  const carried = withoutPartnerDefaults(view.options, partner);
  const query = optionsQuery(carried);
  const partnerLink = (dir: 'ltr' | 'rtl') => `${view.partnerOrigin}/preview/partner?dir=${dir}${query ? `&${query}` : ''}`;

  const body = html`<main class="configurator">
<header>
<h1>شريط «خبر» لموقعك</h1>
<p>اختر ما يعرضه الشريط، وانسخ السطر الذي يظهر أدناه، والصقه في صفحتك حيث تريد أن تظهر العناوين. ما تراه هنا هو ذلك السطر نفسه يعمل.</p>
</header>
<section id="content-status" role="status" class="content-status"${view.contentProblems.length ? '' : html` hidden`}>
<p>في المحتوى أخطاء، والمعاينة تعرض آخر نسخة سليمة منه. أصلحها واحفظ الملف:</p>
<ul>${view.contentProblems.map((p) => html`<li>${p.file}: ${p.path || '(file)'}: ${p.message}</li>`)}</ul>
</section>
<form id="options" method="get" action="/" class="options">
<fieldset>
<legend>الخيارات</legend>
${field('section', 'القسم', sectionControl(view.sections, value('section')))}
${field('limit', 'عدد العناوين', numberControl('limit', value('limit')), 'من ١ إلى ٥٠')}
${field('theme', 'المظهر', selectControl('theme', value('theme')))}
${field('autoplay', 'التدوير التلقائي', numberControl('autoplay', value('autoplay')), 'ثوانٍ لكل عنوان؛ ٠ يوقفه. لا يدور أبدًا لمن طلب تقليل الحركة.')}
${field('digits', 'الأرقام', selectControl('digits', value('digits')))}
${field('refresh', 'التحديث', numberControl('refresh', value('refresh')), 'ثوانٍ بين تحديثين ما دام الشريط ظاهرًا، ٣٠ على الأقل؛ ٠ لا يحدّث.')}
${field('partner', 'معرّف الشريك', html`<input id="option-partner" name="partner" type="text" dir="ltr" value="${value('partner')}" pattern="[A-Za-z0-9._\\-]{1,64}" maxlength="64" autocomplete="off" list="known-partners" aria-describedby="hint-partner">
${partnerList(view.partners)}`, 'يُضاف إلى روابط العناوين: utm_source=المعرّف. لشريك معروف تُملأ إعداداته الافتراضية، ولا يحملها السطر فيتبع ملفه.')}
<p id="partner-status" class="note"${partner?.paused ? '' : html` hidden`}>هذا الشريك موقوف: لا يعرض شريطه شيئًا.</p>
${field('lang', 'لغة الأزرار والتواريخ', selectControl('lang', value('lang')))}
<button type="submit" class="apply">تطبيق</button>
</fieldset>
</form>
<section class="snippet" aria-labelledby="snippet-title">
<h2 id="snippet-title">السطر الذي تلصقه</h2>
<fieldset class="codes" form="options">
<legend>طريقة التضمين</legend>
${CODE_CHOICES.map(
  ([code, label, hint]) => html`<label><input type="radio" name="code" value="${code}" form="options"${code === view.code ? html` checked` : ''}> ${label}</label>
<small>${hint}</small>`,
)}
</fieldset>
<pre id="snippet" dir="ltr"><code>${embedCodeFor(view.code, view.origin, carried)}</code></pre>
<p><button id="copy" type="button">نسخ السطر</button> <span id="copy-status" role="status"></span></p>
</section>
<section class="live" aria-labelledby="live-title">
<h2 id="live-title">الشريط كما يظهر</h2>
<iframe id="live" src="${embedPreviewPath(view.code, query)}" title="معاينة الشريط"></iframe>
</section>
<section class="partner-preview" aria-labelledby="partner-title">
<h2 id="partner-title">على صفحة شريك</h2>
<p>السطر نفسه على صفحة مُحاكاة من أصل آخر، بسياسة أمان محتوى صارمة وأنماط عامة عدائية:</p>
${view.partnerOrigin === view.origin
  ? html`<p class="note">على هذا العنوان لا أصل آخر متاح، فالصفحة هنا على الأصل نفسه: افتح المعاينة على localhost أو 127.0.0.1 لترى العزل بين أصلين.</p>`
  : ''}
<ul>
<li><a id="partner-ltr" href="${partnerLink('ltr')}" target="_blank">صفحة إنجليزية، من اليسار إلى اليمين</a></li>
<li><a id="partner-rtl" href="${partnerLink('rtl')}" target="_blank">صفحة عربية، من اليمين إلى اليسار</a></li>
</ul>
</section>
</main>`;

  return renderPage({
    lang: 'ar',
    dir: 'rtl',
    title: 'شريط «خبر»: الإعداد والمعاينة',
    head: html`<script type="module" src="${CONFIGURATOR_SCRIPT_PATH}"></script>`,
    body,
  });
}

/** The three embed codes, with what each costs or needs. */
const CODE_CHOICES: ReadonlyArray<[EmbedCode, string, string]> = [
  ['script', 'سطر برمجي (موصى به)', 'يحجز ارتفاع الشريط قبل وصول السكربت، فلا تتحرك الصفحة.'],
  ['iframe', 'إطار iframe', 'لصفحات لا تسمح سياسة أمانها بسكربت من أصل آخر. العناوين مرسومة من الخادم.'],
  ['fragment', 'HTML من خادمك', 'يجلب خادمك هذا العنوان ويُدرج ما يعيده: العناوين في أول رسم للصفحة، ثم يتولاها السكربت.'],
];

function field(name: ConfigurableOption, label: string, control: Markup, hint?: string): Markup {
  return html`<div class="field">
<label for="option-${name}">${label}</label>
${control}
${hint ? html`<small id="hint-${name}">${hint}</small>` : ''}
</div>`;
}

function numberControl(name: ConfigurableOption, value: string): Markup {
  const { min, max, also } = OPTION_RULES[name];
  // The script refuses what lies between `also` and `min` (refresh: 0 or 30 and up).
  return html`<input id="option-${name}" name="${name}" type="number" inputmode="numeric" dir="ltr" min="${also ?? min}" max="${max}" step="1" value="${value}" required aria-describedby="hint-${name}">`;
}

function selectControl(name: ConfigurableOption, value: string): Markup {
  const choices = OPTION_RULES[name].choices ?? [];
  return html`<select id="option-${name}" name="${name}">
${choices.map((choice) => html`<option value="${choice}"${choice === value ? html` selected` : ''}>${CHOICE_LABELS[choice] ?? choice}</option>`)}
</select>`;
}

function sectionControl(sections: ConfiguratorView['sections'], value: string): Markup {
  if (!sections) {
    return html`<input id="option-section" name="section" type="text" dir="ltr" value="${value}" pattern="[a-z0-9]+(-[a-z0-9]+)*" autocomplete="off">`;
  }
  // A section given in the URL but absent from content stays choosable: it shows the error state, as it would on a partner page.
  const names = sections.map((s) => s.name);
  const extra = value && !names.includes(value) ? [{ name: value, count: 0 }] : [];
  return html`<select id="option-section" name="section">
<option value="">كل الأقسام</option>
${[...sections, ...extra].map((s) => html`<option value="${s.name}"${s.name === value ? html` selected` : ''}>${s.name} (${s.count})</option>`)}
</select>`;
}

/** The known partners, for the partner field's suggestions; their defaults ride along for the page's script. */
function partnerList(partners: readonly KnownPartner[]): Markup {
  return html`<datalist id="known-partners">
${partners.map(
  (partner) => html`<option value="${partner.id}" label="${partner.name}${partner.paused ? ' (موقوف)' : ''}"${partner.paused ? html` data-paused` : ''}${Object.entries(partner.defaults).map(([name, value]) => html` data-${name}="${value}"`)}></option>`,
)}
</datalist>`;
}
