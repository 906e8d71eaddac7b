'use strict';
// Offline stub of the native keytar module (credential storage for the forge CLI). Nothing in this
// project stores credentials; @forge/cli-shared requires keytar inside a try and copes with this error.
throw new Error('keytar is stubbed in Identity Reconciler: no OS credential store offline');
