/** The element's events bubble out of the shadow root (composed), so a host listens on the element or any ancestor. */
export function emit(target: EventTarget, type: string, detail: object): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
