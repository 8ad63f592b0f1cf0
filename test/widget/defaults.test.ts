/**
 * The configurator and the README take each option's default from widget/embed-options.ts; the element has
 * its own. They must agree, or a snippet that leaves a default out would show something else than the
 * configurator promised.
 */
import { describe, expect, it } from 'vitest';
import { OPTION_RULES } from '../../widget/embed-options.ts';
import { apiFor, mount, requestsTo, settled } from './support.ts';

describe('defaults', () => {
  it('an element without attributes uses the defaults the configurator and README state', async () => {
    const api = apiFor('arabic');
    const element = mount({ api });
    await settled(element);

    const { section, theme, autoplay, digits, refresh, partner } = element;
    expect({ section, theme, autoplay, digits, refresh, partner }).toEqual({
      section: OPTION_RULES.section.default,
      theme: OPTION_RULES.theme.default,
      autoplay: Number(OPTION_RULES.autoplay.default),
      digits: OPTION_RULES.digits.default,
      refresh: Number(OPTION_RULES.refresh.default),
      partner: OPTION_RULES.partner.default,
    });
    // `limit` stays unset (so a partner's own default can apply: see partner tests); the request says the default.
    expect(element.limit).toBeUndefined();
    expect((await requestsTo(api)).searches).toEqual([`?limit=${OPTION_RULES.limit.default}`]);
    // `lang` is the element's own HTML attribute: absent, the controls speak the default language.
    expect(element.shadowRoot!.querySelector('section')!.getAttribute('aria-label')).toBe('أحدث العناوين');
    expect(OPTION_RULES.lang.default).toBe('ar');
  });
});
