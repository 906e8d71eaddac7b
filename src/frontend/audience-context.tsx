/** The panel's audience, provided once by the shell so every view words its messages for it. */
import React, { createContext, useContext } from 'react';
import type { Audience } from './audience';

const AudienceContext = createContext<Audience>('project');

export const AudienceProvider = ({
  audience,
  children,
}: {
  readonly audience: Audience;
  readonly children: React.ReactNode;
}): React.JSX.Element => <AudienceContext.Provider value={audience}>{children}</AudienceContext.Provider>;

export const useAudienceValue = (): Audience => useContext(AudienceContext);
