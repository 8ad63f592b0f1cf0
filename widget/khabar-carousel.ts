/**
 * Registers `<khabar-carousel>`. Safe to run twice, or on a page where another copy already defined the element:
 * the first definition wins and nothing throws.
 */
import { KhabarCarousel } from './carousel.component.ts';

export { KhabarCarousel };

if (!customElements.get('khabar-carousel')) customElements.define('khabar-carousel', KhabarCarousel);

declare global {
  interface HTMLElementTagNameMap {
    'khabar-carousel': KhabarCarousel;
  }
}
