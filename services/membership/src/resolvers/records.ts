/** The parent record of `Viewer` fields: just who the viewer is; fields load what they need. */
export interface ViewerRecord {
  memberId: string;
}
