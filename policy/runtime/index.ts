// The package's types. At run time Node loads node.js and browsers or bundlers load browser.js; both
// export the same API.
export * from './browser.ts';
