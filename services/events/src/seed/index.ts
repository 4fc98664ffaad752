export { seedDemo } from './demo';
export { seedScale, SCALE_EVENTS } from './scale';
