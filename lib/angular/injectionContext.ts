import { assertInInjectionContext, DestroyRef, inject, Injector } from '@angular/core';

/** The `DestroyRef` and injector of the caller's injection context, or of `injector` when given. */
export function injectionContext(caller: (...args: never[]) => unknown, injector: Injector | undefined): { injector: Injector; destroyRef: DestroyRef } {
  if (injector === undefined) {
    assertInInjectionContext(caller);
    return { injector: inject(Injector), destroyRef: inject(DestroyRef) };
  }
  return { injector, destroyRef: injector.get(DestroyRef) };
}
