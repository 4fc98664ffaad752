export { seedDemo, DEMO_ACCOUNTS } from './demo';
export { seedScale, SCALE } from './scale';
export { DEMO_PASSWORD } from './catalogue';
