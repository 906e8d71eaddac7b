// UI Kit entry (manifest resource `panel`): only renders the app (style.md rule 43).
import React from 'react';
import ForgeReconciler from '@forge/react';
import { PanelShell } from './panel-shell';

ForgeReconciler.render(
  <React.StrictMode>
    <PanelShell />
  </React.StrictMode>,
);
