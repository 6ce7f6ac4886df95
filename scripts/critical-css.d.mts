/** Types of scripts/critical-css.mjs for the TypeScript that imports it (its test). */
export declare function classesOf(html: string): Set<string>;
export declare function neededClasses(selector: string): string[];
export declare function criticalRules(css: string, classes: Set<string>): string;
export declare function fillCriticalCss(webDir: string, renderEntry: string): Promise<void>;
