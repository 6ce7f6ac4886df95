/**
 * Where a Select inside a Modal or Drawer draws its option list: next to the field, inside the
 * dialog, instead of at the end of the page.
 *
 * Drawn at the end of the page, the list is placed in page coordinates while the dialog is fixed: any
 * scroll of the page behind it (scrolling an option into view does that) moves the list away from its
 * field until the next alignment, a frame later. On a busy machine that frame came between the press
 * and the release of a click on an option: the release landed on the dialog, the click was lost and
 * the list stayed open over the dialog's buttons (the 离职交接 browser step's flake). Inside the
 * dialog, the list moves with its field.
 */
export const popupInside = (trigger: HTMLElement): HTMLElement => trigger.parentElement ?? document.body;
