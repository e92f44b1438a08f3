/** The tool version, written into audit entries and exports. Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
