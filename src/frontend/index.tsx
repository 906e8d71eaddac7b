// UI Kit entry (manifest resource `panel`): only renders the app (style.md rule 43). No StrictMode: its
// development double-mount would invoke every resolver twice in the preview host.
import React from 'react';
import ForgeReconciler from '@forge/react';
import { PanelShell } from './panel-shell';

ForgeReconciler.render(<PanelShell />);
