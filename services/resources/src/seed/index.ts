export { seedDemo } from './demo';
export { seedScale, RESOURCES_SCALE } from './scale';
