/** Types of scripts/build.mjs for the TypeScript that imports it (tests, demo, benchmark). */
export declare const ROOT: string;
export declare const WEB_SRC: string;
export declare const WEB_DIST: string;
export declare const SERVER_DIST: string;
export declare const SERVER_ENTRY: string;
export declare const SERVER_NODE_FLAGS: readonly string[];
export declare const BUNDLED_PACKAGES: readonly string[];
export declare function webBuildIsStale(): boolean;
export declare function buildWebIfStale(force?: boolean): void;
export declare function serverBuildIsStale(): boolean;
export declare function buildServerIfStale(force?: boolean): Promise<void>;
