/**
 * What the embed loads only where it is used (widget/load-extras.ts): the autoplay controller, for carousels with
 * `autoplay` > 0, and the English words, for carousels with `lang="en"`. One small file, named by its content hash.
 */
export { AutoplayController } from './autoplay-controller.ts';
export { EN } from './messages-en.ts';
