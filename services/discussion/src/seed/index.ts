export { seedDemo } from './demo';
export { seedScale, DISCUSSION_SCALE } from './scale';
