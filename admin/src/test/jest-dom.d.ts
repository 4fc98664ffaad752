import type { TestingLibraryMatchers } from '@testing-library/jest-dom/matchers';

// Module augmentation has to restate the interfaces it extends.
/* eslint-disable @typescript-eslint/no-empty-object-type */
declare module 'vitest' {
  interface Assertion<T = unknown> extends TestingLibraryMatchers<unknown, T> {}
  interface AsymmetricMatchersContaining extends TestingLibraryMatchers<unknown, unknown> {}
}
