/**
 * TestBed for the Angular specs without a browser DOM (no jsdom in this project): a platform built
 * from `@angular/core` alone and a renderer that builds a small tree of plain objects. Templates run
 * for real (bindings, control flow, events, zoneless change detection); the tree answers the few
 * questions a spec asks (text, attributes, elements by tag or class, clicks).
 */
import '@angular/compiler';
import {
  ApplicationModule,
  DOCUMENT,
  ErrorHandler,
  NgModule,
  type Renderer2,
  RendererFactory2,
  type RendererStyleFlags2,
  type RendererType2,
  createPlatformFactory,
  platformCore,
  provideZonelessChangeDetection,
  ɵINJECTOR_SCOPE as INJECTOR_SCOPE,
} from '@angular/core';
import { TestBed, TestComponentRenderer } from '@angular/core/testing';

/** A node of the rendered tree: an element, a text or a comment. */
export class TestNode {
  readonly children: TestNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly classes = new Set<string>();
  readonly properties = new Map<string, unknown>();
  readonly listeners = new Map<string, ((event: unknown) => boolean | void)[]>();
  parent: TestNode | null = null;

  constructor(
    readonly kind: 'element' | 'text' | 'comment',
    readonly tag: string,
    public value = '',
  ) {}

  /** The text content, as the DOM's `textContent`. */
  get textContent(): string {
    if (this.kind === 'text') return this.value;
    if (this.kind === 'comment') return '';
    return this.children.map((child) => child.textContent).join('');
  }

  /** Every element below this one, depth first. */
  descendants(): TestNode[] {
    return this.children.flatMap((child) => (child.kind === 'element' ? [child, ...child.descendants()] : []));
  }

  /** Elements below matching `tag`, `.class` or `tag.class`. */
  all(selector: string): TestNode[] {
    const [tag, cls] = selector.split('.');
    return this.descendants().filter((node) => (tag === '' || node.tag === tag) && (cls === undefined || node.classes.has(cls)));
  }

  /** The first element matching `selector`; fails the test when there is none. */
  one(selector: string): TestNode {
    const found = this.all(selector)[0];
    if (found === undefined) throw new Error(`no element matches '${selector}' in: ${this.textContent}`);
    return found;
  }

  /** Dispatches an event to the listeners bound in the template. */
  dispatch(name: string, event: unknown = { preventDefault: () => undefined, target: this }): void {
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }

  get className(): string {
    return [...this.classes].join(' ');
  }
}

const roots = new Map<string, TestNode>();

function insert(parent: TestNode, child: TestNode, before: TestNode | null): void {
  child.parent?.children.splice(child.parent.children.indexOf(child), 1);
  child.parent = parent;
  const at = before === null ? -1 : parent.children.indexOf(before);
  if (at < 0) parent.children.push(child);
  else parent.children.splice(at, 0, child);
}

class TestRenderer implements Renderer2 {
  readonly data: Record<string, unknown> = {};
  destroyNode = null;
  destroy(): void {}
  createElement(name: string): TestNode {
    return new TestNode('element', name);
  }
  createComment(value: string): TestNode {
    return new TestNode('comment', '#comment', value);
  }
  createText(value: string): TestNode {
    return new TestNode('text', '#text', value);
  }
  appendChild(parent: TestNode, child: TestNode): void {
    insert(parent, child, null);
  }
  insertBefore(parent: TestNode, child: TestNode, before: TestNode | null): void {
    insert(parent, child, before);
  }
  removeChild(_parent: TestNode | null, child: TestNode): void {
    child.parent?.children.splice(child.parent.children.indexOf(child), 1);
    child.parent = null;
  }
  selectRootElement(selector: string | TestNode): TestNode {
    if (typeof selector !== 'string') return selector;
    const root = roots.get(selector) ?? new TestNode('element', 'test-root');
    roots.set(selector, root);
    return root;
  }
  parentNode(node: TestNode): TestNode | null {
    return node.parent;
  }
  nextSibling(node: TestNode): TestNode | null {
    const siblings = node.parent?.children ?? [];
    return siblings[siblings.indexOf(node) + 1] ?? null;
  }
  setAttribute(element: TestNode, name: string, value: string): void {
    element.attributes.set(name, value);
    if (name === 'class') {
      element.classes.clear();
      for (const cls of value.split(/\s+/).filter(Boolean)) element.classes.add(cls);
    }
  }
  removeAttribute(element: TestNode, name: string): void {
    element.attributes.delete(name);
  }
  addClass(element: TestNode, name: string): void {
    element.classes.add(name);
  }
  removeClass(element: TestNode, name: string): void {
    element.classes.delete(name);
  }
  setStyle(_element: TestNode, _style: string, _value: unknown, _flags?: RendererStyleFlags2): void {}
  removeStyle(_element: TestNode, _style: string, _flags?: RendererStyleFlags2): void {}
  setProperty(element: TestNode, name: string, value: unknown): void {
    if (name === 'className') this.setAttribute(element, 'class', String(value));
    else element.properties.set(name, value);
  }
  setValue(node: TestNode, value: string): void {
    node.value = value;
  }
  listen(target: TestNode | string, eventName: string, callback: (event: unknown) => boolean | void): () => void {
    if (typeof target === 'string') return () => undefined;
    const list = target.listeners.get(eventName) ?? [];
    list.push(callback);
    target.listeners.set(eventName, list);
    return () => list.splice(list.indexOf(callback), 1);
  }
}

class TestRendererFactory implements RendererFactory2 {
  private readonly renderer = new TestRenderer();
  createRenderer(_host: unknown, _type: RendererType2 | null): Renderer2 {
    return this.renderer;
  }
}

@NgModule({
  imports: [ApplicationModule],
  providers: [
    // What BrowserModule would provide: the test module is the application's root injector.
    { provide: INJECTOR_SCOPE, useValue: 'root' },
    { provide: ErrorHandler, useClass: ErrorHandler },
    { provide: TestComponentRenderer, useClass: TestComponentRenderer },
    { provide: RendererFactory2, useClass: TestRendererFactory },
    { provide: DOCUMENT, useValue: { body: null } },
    provideZonelessChangeDetection(),
  ],
})
class DomlessTestingModule {}

let initialised = false;

/** `ComponentFixture` asks `nativeElement instanceof Node` for its debug element: say no, there is no DOM. */
class NoDomNode {}

/** Sets TestBed up once per test file: the core platform, the object-tree renderer, zoneless. */
export function initDomlessTestBed(): void {
  if (initialised) return;
  initialised = true;
  (globalThis as { Node?: unknown }).Node ??= NoDomNode;
  TestBed.initTestEnvironment(DomlessTestingModule, createPlatformFactory(platformCore, 'domlessTesting')(), { teardown: { destroyAfterEach: true } });
}

/** The root node a fixture rendered into (its `nativeElement`). */
export function rendered(nativeElement: unknown): TestNode {
  if (!(nativeElement instanceof TestNode)) throw new Error('not rendered by the domless TestBed');
  return nativeElement;
}
