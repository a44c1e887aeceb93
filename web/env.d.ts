/// <reference types="vite/client" />
// Vite's client types (import.meta.glob, ?raw imports, worker URLs) for the web app.
