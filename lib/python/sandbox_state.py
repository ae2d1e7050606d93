"""Whether running a configuration left the environment host as it was after loading.

CodeGym verifies each configuration in a fresh process. A host may instead run an
environment's configurations one after another in itself (no fork per configuration) only
while each leaves behind nothing the next could see: then every configuration starts from
the freshly loaded module, as in a fresh process. ProcessState records what a configuration
could change — the module's globals, its classes and functions with their defaults, closures
and attributes (walked deeply through the containers they hold), the modules it uses, the
interpreter's and the process's settings — and compares after each configuration. Anything
it cannot walk (say an iterator or a random.Random kept at module level) makes the capture
fail, and the host forks a child per configuration instead.

This guards honest code against its own leftovers (a module-level cache, a mutated default
argument, sys.setrecursionlimit). Code that hides state on purpose gains nothing: an
environment decides its own verdicts anyway (solve() returns the message).
"""

import enum
import functools
import gc
import os
import re
import resource
import signal
import sys
import tracemalloc
import types
from collections import Counter, OrderedDict, defaultdict, deque

from sandbox_limits import read_memory_status

ENV_MODULE_NAME = "environment"
# Classes walked deeply: the environment's own, and our gymnasium stand-in's it derives from.
_OWN_MODULES = frozenset({ENV_MODULE_NAME, "gymnasium"})
_WALKED_INSTANCES = frozenset({ENV_MODULE_NAME, "dataclasses"})
# State that takes more than this many entries to record (a big lookup table, say) is not
# walked after every configuration: the host forks per configuration instead.
MAX_ITEMS = 50_000
# Memory configurations may leave allocated (garbage not yet collected, pools the allocator
# keeps) before the host stops. The next configuration may reuse it unseen by the kernel's
# counters, so its memory estimate can be short by that much: under a quarter of the cap,
# an estimate still comes over the half of the cap at which a run is rerun traced
# (sandbox_host.TRACED_MEMORY_FRACTION) whenever tracemalloc would count more than the cap.
MAX_LEFT_RESIDENT = 16 * 2**20
LEFT_RESIDENT_CAP_FRACTION = 0.25
MAX_LEFT_VIRTUAL = 32 * 2**20

_ATOMS = frozenset({int, float, complex, str, bytes, bool, type(None), type(Ellipsis), type(NotImplemented), range})
_BY_IDENTITY = (
    type,
    types.ModuleType,
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.MethodWrapperType,
    types.ClassMethodDescriptorType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
    types.GenericAlias,
    types.UnionType,
    re.Pattern,
)
_COLLECTIONS = frozenset({list, tuple, deque, set, frozenset})
_MAPPINGS = frozenset({dict, OrderedDict, defaultdict, Counter, types.MappingProxyType})
_LIMITS = tuple(
    getattr(resource, name)
    for name in ("RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_FSIZE")
)
_SIGNALS = tuple(s for s in signal.Signals if s not in (signal.SIGKILL, signal.SIGSTOP))


class Unwalkable(Exception):
    """The state holds something whose changes could not be seen."""


def _walk_state(module):
    """A list that compares equal exactly when what the module can reach is unchanged."""
    out = []
    seen = {}
    classes = []

    def visit(obj):
        if len(out) >= MAX_ITEMS:
            raise Unwalkable("too much state")
        kind = type(obj)
        if kind in _ATOMS:
            out.append(obj)
            return
        key = id(obj)
        if key in seen:
            out.append(("ref", seen[key]))
            return
        seen[key] = len(seen)
        out.append(key)
        if kind in _COLLECTIONS:
            out.append(len(obj))
            for item in obj:
                visit(item)
        elif kind in _MAPPINGS:
            out.append(len(obj))
            if kind is defaultdict:
                visit(obj.default_factory)
            for name, value in obj.items():
                visit(name)
                visit(value)
        elif kind is bytearray:
            out.append(bytes(obj))
        elif isinstance(obj, types.FunctionType):
            out.append(id(obj.__code__))
            visit(obj.__defaults__)
            visit(obj.__kwdefaults__)
            visit(obj.__dict__)
            for cell in obj.__closure__ or ():
                try:
                    visit(cell.cell_contents)
                except ValueError:  # an empty cell
                    out.append("empty cell")
        elif isinstance(obj, (staticmethod, classmethod)):
            visit(obj.__func__)
        elif isinstance(obj, property):
            visit(obj.fget)
            visit(obj.fset)
            visit(obj.fdel)
        elif isinstance(obj, functools._lru_cache_wrapper):
            out.append(obj.cache_info().currsize)
            visit(obj.__wrapped__)
        elif isinstance(obj, functools.partial):
            visit(obj.func)
            visit(obj.args)
            visit(obj.keywords)
        elif isinstance(obj, type):
            if obj.__module__ in _OWN_MODULES:
                classes.append(obj)
            else:  # a standard class: what it binds would show in its module; count additions
                out.append(len(obj.__dict__))
        elif isinstance(obj, types.ModuleType):
            out.append(len(obj.__dict__))
        elif isinstance(obj, _BY_IDENTITY) or kind is object or kind.__module__ == "typing":
            pass  # immutable, or compared by what its module binds
        elif isinstance(obj, enum.Enum):
            visit(obj.__dict__)
        elif type(kind).__module__ == "builtins" and kind.__module__ in _WALKED_INSTANCES:
            # An instance of one of the environment's own classes (not of a metaclass), or
            # what dataclasses keeps on a class.
            visit(kind)
            visit(getattr(obj, "__dict__", None))
            for slot in _slots(kind):
                visit(getattr(obj, slot, "unset slot"))
        else:
            raise Unwalkable(f"cannot follow a {kind.__module__}.{kind.__qualname__}")

    def visit_namespace(namespace):
        for name, value in namespace.items():
            out.append(name)
            if name == "__builtins__":  # compared by what they bind (_shallow), as modules are
                out.append(id(value))
            else:
                visit(value)

    visit_namespace(module.__dict__)
    walked = set()
    while classes:
        cls = classes.pop()
        if id(cls) in walked:
            continue
        walked.add(id(cls))
        out.append(("class", id(cls)))
        visit_namespace(cls.__dict__)
        for base in cls.__mro__[1:]:
            visit(base)
    return out


def _slots(cls):
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        yield from (slots,) if isinstance(slots, str) else slots


def _used_modules(module):
    """The modules the environment refers to by name, and the builtins."""
    used = {id(sys.modules["builtins"]): sys.modules["builtins"]}
    for value in module.__dict__.values():
        if isinstance(value, types.ModuleType):
            used[id(value)] = value
    return list(used.values())


def _shallow(modules):
    """What each module binds: replacing json.dumps shows, a cache filling does not. Copies,
    compared with ==, which takes identical values as equal without calling anything."""
    return [(m, dict(m.__dict__)) for m in modules]


def _settings():
    """The interpreter's and the process's settings that outlive a configuration."""
    try:
        children = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        children = None
    return (
        tuple(map(id, sys.modules.values())),
        tuple(len(m.__dict__) for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)),
        sys.getrecursionlimit(),
        sys.get_int_max_str_digits(),
        sys.gettrace(),
        sys.getprofile(),
        id(sys.stdin),
        id(sys.stdout),
        id(sys.stderr),
        sys.excepthook,
        sys.displayhook,
        sys.unraisablehook,
        sys.breakpointhook,
        sys.getswitchinterval(),
        tuple(sys.path),
        tuple(map(id, sys.meta_path)),
        tuple(map(id, sys.path_hooks)),
        gc.isenabled(),
        gc.get_threshold(),
        len(gc.callbacks),
        tracemalloc.is_tracing(),
        os.getcwd(),
        _umask(),
        tuple(sorted(os.environ.items())),
        tuple(map(resource.getrlimit, _LIMITS)),
        tuple(map(signal.getsignal, _SIGNALS)),
        signal.getitimer(signal.ITIMER_REAL),
        signal.getitimer(signal.ITIMER_VIRTUAL),
        signal.getitimer(signal.ITIMER_PROF),
        frozenset(signal.pthread_sigmask(signal.SIG_BLOCK, ())),
        len(os.listdir("/proc/self/fd")),
        len(os.listdir("/proc/self/task")),
        children,
        _module_settings(),
    )


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _module_settings():
    """Settings of standard modules that keep them, when the environment has loaded those."""
    modules = sys.modules
    decimal, locale, warnings = modules.get("decimal"), modules.get("locale"), modules.get("warnings")
    return (
        None if decimal is None else repr(decimal.getcontext()),
        None if locale is None else locale.setlocale(locale.LC_ALL),
        None if warnings is None else (id(warnings.filters), tuple(warnings.filters)),
    )


class ProcessState:
    """The host's state after loading, to compare with after each configuration."""

    def __init__(self, module, memory_cap):
        self._module = module
        self._max_resident = min(MAX_LEFT_RESIDENT, int(memory_cap * LEFT_RESIDENT_CAP_FRACTION))
        self._modules = _used_modules(module)
        self._walk = _walk_state(module)
        self._shallow = _shallow(self._modules)
        self._settings = _settings()
        memory = read_memory_status()
        self._resident = memory["VmRSS"]
        self._virtual = memory["VmSize"]

    @classmethod
    def capture(cls, module, memory_cap):
        """The state, or None when it cannot be followed (the host then forks per configuration)."""
        try:
            return cls(module, memory_cap)
        except (Unwalkable, RecursionError, OSError):
            return None

    def unchanged(self):
        try:
            memory = read_memory_status()
            return (
                memory["VmRSS"] - self._resident <= self._max_resident
                and memory["VmSize"] - self._virtual <= MAX_LEFT_VIRTUAL
                and _settings() == self._settings
                and _shallow(self._modules) == self._shallow
                and _walk_state(self._module) == self._walk
            )
        except Exception:  # whatever the environment left makes the comparison fail
            return False


def reseed_random():
    """A forked child reseeds random (the module's at-fork hook); a configuration run in the
    host gets the same."""
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
