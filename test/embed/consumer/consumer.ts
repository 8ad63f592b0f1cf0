// A partner's TypeScript, importing the package by name: must type-check against the published declarations.
import { type HeadlineList, KhabarCarousel } from 'khabar/widget';

const carousel: KhabarCarousel = document.createElement('khabar-carousel');
carousel.limit = 4;
carousel.theme = 'dark';
carousel.addEventListener('khabar-select', () => {});
const list: HeadlineList = { items: [], updatedAt: null };
export { carousel, list, KhabarCarousel };
