/**
 * Names for the desk ids, space keys and group ids the views show, from the `directory` resolver (called once
 * by the shell). Without a directory (before it answers, when it fails, or in a view rendered on its own)
 * every lookup falls back to the id itself, so a view never waits for names and never shows a wrong one.
 */
import React, { createContext, useContext, useMemo } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import type { Directory } from './types';
import { useCallOnMount } from './use-call';

export interface Names {
  readonly desk: (id: string) => string;
  readonly space: (key: string) => string;
  readonly group: (id: string) => string;
  /** The desks and spaces the directory lists for this caller (filter options). */
  readonly deskIds: readonly string[];
  readonly spaceKeys: readonly string[];
}

export const ID_NAMES: Names = {
  desk: (id) => id,
  space: (key) => key,
  group: (id) => id,
  deskIds: [],
  spaceKeys: [],
};

export const namesOf = (directory: Directory): Names => {
  const desks = new Map(directory.desks.map((d) => [d.id, `${d.name} (${d.projectKey})`]));
  const spaces = new Map(directory.spaces.map((s) => [s.key, `${s.name} (${s.key})`]));
  const groups = new Map(directory.groups.map((g) => [g.id, g.name]));
  return {
    desk: (id) => desks.get(id) ?? id,
    space: (key) => spaces.get(key) ?? key,
    group: (id) => groups.get(id) ?? id,
    deskIds: directory.desks.map((d) => d.id),
    spaceKeys: directory.spaces.map((s) => s.key),
  };
};

const NamesContext = createContext<Names>(ID_NAMES);

export const DirectoryProvider = ({
  children,
}: {
  readonly children: React.ReactNode;
}): React.JSX.Element => {
  const { state } = useCallOnMount(RESOLVER_NAMES.directory, {});
  const names = useMemo(() => (state.status === 'ready' ? namesOf(state.data) : ID_NAMES), [state]);
  return <NamesContext.Provider value={names}>{children}</NamesContext.Provider>;
};

export const useNames = (): Names => useContext(NamesContext);
