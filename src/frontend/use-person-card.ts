/** The person card for one email key: loads when a row opens it, forgets when the card closes. */
import { useEffect } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import { useCall } from './use-call';

export const usePersonCard = (emailKey: string | null) => {
  const card = useCall(RESOLVER_NAMES.personCard);
  const { run, reset } = card;
  useEffect(() => {
    if (emailKey === null) reset();
    else void run({ emailKey });
  }, [emailKey, run, reset]);
  const reload = () => {
    if (emailKey !== null) void run({ emailKey });
  };
  return { state: card.state, reload };
};
