import { DomainError } from '../../common/errors';
import { ItemCommand, ItemState, decide, evolve, initialItemState } from './item.decider';
import { ItemEvent } from './item.events';

/**
 * Specification-style tests for the item decider:
 * `given(events).when(command).then(events)` or `.thenFails(code)`.
 */
export function given(events: ItemEvent[]) {
  const state: ItemState = events.reduce(evolve, initialItemState);
  return {
    when(command: ItemCommand) {
      const run = () => decide(command, state);
      return {
        then(expected: ItemEvent[]) {
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
}
