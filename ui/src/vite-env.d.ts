/// <reference types="svelte" />
/// <reference types="vite/client" />
declare module "dkfds-css";
