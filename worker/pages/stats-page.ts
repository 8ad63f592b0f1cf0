/**
 * /stats: the newsroom's view of GET /v1/stats, in Arabic, right to left, without script: a filter form, the totals,
 * a plot of impressions and clicks per day (inline SVG, coloured by pages.css), and tables by day, partner and
 * headline. Deployed, the form carries the stats token in a POST body, so it is never in a URL, a cookie or storage,
 * and the answer does not repeat it.
 */
import { html } from 'hono/html';
import type { InvalidParam } from '../http/problem.ts';
import type { Counts, StatsReport } from '../analytics/stats-report.ts';
import { type Markup, renderPage } from './page-shell.ts';

export interface StatsView {
  /** Deployed: the form asks for the token and posts; npm start: a plain GET form. */
  needsToken: boolean;
  /** What the form shows: the query as asked. */
  asked: { partner: string; from: string; to: string };
  report?: StatsReport;
  /** Known partner ids the partner field offers. */
  partners?: string[];
  /** Why there is no report: bad filters, a missing or wrong token, or the source failed. */
  problem?: { kind: 'unauthorized' | 'unavailable' } | { kind: 'invalid'; errors: InvalidParam[] };
}

const FIELD_LABELS: Record<string, string> = { partner: 'الشريك', from: 'من يوم', to: 'إلى يوم' };

const number = new Intl.NumberFormat('ar-u-nu-latn');
const percent = new Intl.NumberFormat('ar-u-nu-latn', { style: 'percent', maximumFractionDigits: 1 });

export function renderStatsPage(view: StatsView): Promise<string> {
  const body = html`<main class="stats-page">
<h1>إحصاءات الشركاء</h1>
<p class="lede">مرات ظهور الشريط (نصفه على الشاشة ثانية متواصلة على الأقل) والنقرات على الأخبار، بلا ملفات تعريف ولا عناوين ولا بصمات.</p>
${filterForm(view)}
${view.problem ? problemNote(view.problem) : ''}
${view.report ? reportSections(view.report) : ''}
</main>`;
  return renderPage({ lang: 'ar', dir: 'rtl', title: 'إحصاءات الشركاء · خبر', body });
}

function filterForm(view: StatsView): Markup {
  return html`<form class="stats-filter" action="/stats" method="${view.needsToken ? 'post' : 'get'}">
<div class="field"><label for="partner">الشريك</label><input id="partner" name="partner" value="${view.asked.partner}" placeholder="الكل" pattern="[a-z0-9][a-z0-9\\-]{0,38}[a-z0-9]|[a-z0-9]" maxlength="40" dir="ltr" autocomplete="off"${view.partners?.length ? html` list="partner-ids"` : ''}>${view.partners?.length
  ? html`<datalist id="partner-ids">${view.partners.map((id) => html`<option value="${id}"></option>`)}</datalist>`
  : ''}</div>
<div class="field"><label for="from">من يوم</label><input id="from" name="from" type="date" value="${view.asked.from}"></div>
<div class="field"><label for="to">إلى يوم</label><input id="to" name="to" type="date" value="${view.asked.to}"></div>
${view.needsToken
  ? html`<div class="field"><label for="token">رمز الإحصاءات</label><input id="token" name="token" type="password" required autocomplete="off" dir="ltr"></div>`
  : ''}
<button type="submit">عرض</button>
</form>`;
}

function problemNote(problem: NonNullable<StatsView['problem']>): Markup {
  if (problem.kind === 'unauthorized') return html`<p class="stats-problem" role="alert">أدخل رمز الإحصاءات الصحيح (STATS_TOKEN) لعرضها.</p>`;
  if (problem.kind !== 'invalid') return html`<p class="stats-problem" role="alert">تعذّرت قراءة الإحصاءات الآن؛ حاول بعد قليل.</p>`;
  return html`<div class="stats-problem" role="alert"><p>في المرشحات ما يجب تصحيحه:</p><ul>${problem.errors.map(
    (error) => html`<li><span dir="ltr">${FIELD_LABELS[error.name] ?? error.name}: ${error.detail}</span></li>`,
  )}</ul></div>`;
}

function reportSections(report: StatsReport): Markup {
  const who = report.partner ? html`للشريك <bdi dir="ltr">${report.partner}</bdi>` : 'لكل الشركاء';
  return html`<section class="stats-totals" aria-labelledby="totals-title">
<h2 id="totals-title">من <bdi>${report.from}</bdi> إلى <bdi>${report.to}</bdi> ${who}</h2>
<dl>
<div><dt>مرات الظهور</dt><dd data-count="impressions">${number.format(report.impressions)}</dd></div>
<div><dt>النقرات</dt><dd data-count="clicks">${number.format(report.clicks)}</dd></div>
<div><dt>نسبة النقر</dt><dd data-count="ctr">${ctr(report)}</dd></div>
</dl>
</section>
<section aria-labelledby="days-title">
<h2 id="days-title">حسب اليوم</h2>
${plot(report)}
${table('days', 'اليوم', report.byDay.filter((row) => row.impressions + row.clicks > 0).map((row) => [html`<bdi>${row.day}</bdi>`, row]))}
</section>
<section aria-labelledby="partners-title">
<h2 id="partners-title">حسب الشريك</h2>
${table('partners', 'الشريك', report.byPartner.map((row) => [html`<bdi dir="ltr">${row.partner}</bdi>`, row]))}
</section>
<section aria-labelledby="headlines-title">
<h2 id="headlines-title">حسب الخبر</h2>
<p class="note">هنا مرات ظهور كل خبر على الشاشة عند احتساب ظهور الشريط، ونقراته.</p>
${table('headlines', 'الخبر', report.byHeadline.map((row) => [html`<a href="/articles/${row.headline}"><bdi dir="ltr">${row.headline}</bdi></a>`, row]))}
</section>`;
}

function table(name: string, heading: string, rows: Array<[Markup, Counts]>): Markup {
  if (rows.length === 0) return html`<p class="note" data-empty="${name}">لا شيء في هذه الفترة.</p>`;
  return html`<table class="stats-table" data-table="${name}">
<thead><tr><th scope="col">${heading}</th><th scope="col">مرات الظهور</th><th scope="col">النقرات</th><th scope="col">نسبة النقر</th></tr></thead>
<tbody>${rows.map(
    ([label, counts]) => html`<tr><th scope="row">${label}</th><td>${number.format(counts.impressions)}</td><td>${number.format(counts.clicks)}</td><td>${ctr(counts)}</td></tr>`,
  )}</tbody>
</table>`;
}

const ctr = (counts: Counts): string => (counts.ctr === null ? '—' : percent.format(counts.ctr));

const PLOT = { width: 640, height: 200, pad: 24 } as const;

/** Impressions and clicks per day as two lines, oldest day on the left (the days' table says the same in words). */
function plot(report: StatsReport): Markup {
  const days = report.byDay;
  const top = Math.max(1, ...days.map((day) => Math.max(day.impressions, day.clicks)));
  const x = (i: number) => PLOT.pad + (days.length === 1 ? (PLOT.width - 2 * PLOT.pad) / 2 : (i * (PLOT.width - 2 * PLOT.pad)) / (days.length - 1));
  const y = (n: number) => PLOT.height - PLOT.pad - (n * (PLOT.height - 2 * PLOT.pad)) / top;
  const line = (pick: (c: Counts) => number) => days.map((day, i) => `${x(i).toFixed(1)},${y(pick(day)).toFixed(1)}`).join(' ');
  const label = `مرات الظهور والنقرات يوميًا من ${report.from} إلى ${report.to}؛ أعلى قيمة ${top}`;
  return html`<figure class="stats-plot">
<svg viewBox="0 0 ${PLOT.width} ${PLOT.height}" role="img" aria-label="${label}" preserveAspectRatio="none">
<line class="axis" x1="${PLOT.pad}" y1="${PLOT.height - PLOT.pad}" x2="${PLOT.width - PLOT.pad}" y2="${PLOT.height - PLOT.pad}"></line>
<polyline class="impressions" points="${line((c) => c.impressions)}"></polyline>
<polyline class="clicks" points="${line((c) => c.clicks)}"></polyline>
<text x="${PLOT.pad}" y="${PLOT.pad - 8}" class="scale">${top}</text>
</svg>
<figcaption><span class="key impressions">مرات الظهور</span> <span class="key clicks">النقرات</span> (الأقدم يسارًا)</figcaption>
</figure>`;
}
