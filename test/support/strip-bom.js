// strip-bom is ESM-only; @microsoft/app-manifest requires it from CommonJS. Jest (CJS) gets this copy.
module.exports = function stripBom(s) {
  return typeof s === 'string' && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
};
module.exports.default = module.exports;
