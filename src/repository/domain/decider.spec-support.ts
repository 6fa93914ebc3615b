import { DomainError } from '../../common/errors';
import { ItemCommand, ItemState, decide, evolve, initialItemState } from './item.decider';
import { ItemEvent } from './item.events';

/**
 * Specification-style tests for a decider: `given(events).when(command).then(events)` or
 * `.thenFails(code)`. `given` is the item decider's; `specsFor` makes one for another decider.
 */
export function specsFor<Command, State, Event>(
  decide: (command: Command, state: State) => Event[],
  evolve: (state: State, event: Event) => State,
  initial: State,
) {
  return function given(events: Event[]) {
    const state: State = events.reduce(evolve, initial);
    return {
      when(command: Command) {
        const run = () => decide(command, state);
        return {
          then(expected: Event[]) {
            expect(run()).toEqual(expected);
          },
          thenFails(code: DomainError['code'], message?: RegExp) {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            if (message) expect((error as DomainError).message).toMatch(message);
          },
        };
      },
    };
  };
}

export const given = specsFor<ItemCommand, ItemState, ItemEvent>(decide, evolve, initialItemState);
