"""`rpds` for the check page's Python (Pyodide), where rpds-py (Rust) has no wheel: the three persistent types
jsonschema and referencing use, as immutable wrappers of dict, frozenset and tuple. Copying on each change is
O(n), which is nothing for the few schemas a validation registers. Shipped as the module `rpds` inside the
page's bundle only (contribute/browser.py); CPython keeps rpds-py. tests/test_check_page.py runs jsonschema on
it under CPython.
"""


class HashTrieMap:
    __slots__ = ("_items",)

    def __init__(self, items=(), **more):
        self._items = dict(items.items() if hasattr(items, "items") else items, **more)

    @classmethod
    def convert(cls, value):
        return value if isinstance(value, cls) else cls(value)

    def insert(self, key, value):
        return HashTrieMap({**self._items, key: value})

    def remove(self, key):
        if key not in self._items:
            raise KeyError(key)
        return self.discard(key)

    def discard(self, key):
        return HashTrieMap({k: v for k, v in self._items.items() if k != key})

    def update(self, *others, **more):
        merged = dict(self._items)
        for other in others:
            merged.update(other.items() if hasattr(other, "items") else other)
        merged.update(more)
        return HashTrieMap(merged)

    def get(self, key, default=None):
        return self._items.get(key, default)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def __getitem__(self, key):
        return self._items[key]

    def __contains__(self, key):
        return key in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __eq__(self, other):
        return isinstance(other, HashTrieMap) and self._items == other._items

    def __hash__(self):
        return hash(frozenset(self._items.items()))

    def __repr__(self):
        return f"HashTrieMap({self._items!r})"


class HashTrieSet:
    __slots__ = ("_items",)

    def __init__(self, items=()):
        self._items = frozenset(items)

    def insert(self, value):
        return HashTrieSet(self._items | {value})

    def discard(self, value):
        return HashTrieSet(self._items - {value})

    def remove(self, value):
        if value not in self._items:
            raise KeyError(value)
        return self.discard(value)

    def update(self, *others):
        return HashTrieSet(self._items.union(*others))

    def __contains__(self, value):
        return value in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __eq__(self, other):
        return isinstance(other, HashTrieSet) and self._items == other._items

    def __hash__(self):
        return hash(self._items)

    def __repr__(self):
        return f"HashTrieSet({set(self._items)!r})"


class List:
    __slots__ = ("_items",)

    def __init__(self, items=()):
        self._items = tuple(items)

    def push_front(self, value):
        return List((value, *self._items))

    @property
    def first(self):
        return self._items[0]

    @property
    def rest(self):
        return List(self._items[1:])

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __eq__(self, other):
        return isinstance(other, List) and self._items == other._items

    def __hash__(self):
        return hash(self._items)

    def __repr__(self):
        return f"List({list(self._items)!r})"
