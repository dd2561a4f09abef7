/** The reporters' public entry: `formatFindings(files, format, meta)` for lint and run findings alike. */
export { displayPath, findingsOf, formatFindings, REPORT_FORMATS, toFinding, type Finding, type ReportFormat, type ReportMeta } from './format.js';
