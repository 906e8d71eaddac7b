// react-dom 18.3.1 is installed (through @atlaskit) without @types/react-dom; the renderer needs only this.
declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  export interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element | DocumentFragment): Root;
}
