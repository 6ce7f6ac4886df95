// The labels are the contract's: one table for the server's schemas and the UI.
export * from '../../contract/labels';
