#!/usr/bin/env node
// `identity-reconciler audit …` (docs/cli.md): runs src/cli/main.ts through tsx, from a checkout of this repository.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts').runFromProcess();
