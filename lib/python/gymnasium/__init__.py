"""Stand-in for the gymnasium package, just enough to load CodeGym environments.

CodeGym environments take only the base class from gymnasium, so the sandbox ships this
instead of the real package (and its numpy dependency). Environments define their own
reset and step; the defaults here exist so a missing override fails loudly.
"""

__all__ = ["Env"]


class Env:
    metadata = {}
    action_space = None
    observation_space = None

    def __init__(self, *args, **kwargs):
        pass

    def reset(self, *args, **kwargs):
        return None

    def step(self, action):
        raise NotImplementedError(f"{type(self).__name__} does not define step()")

    def render(self, *args, **kwargs):
        return None

    def close(self):
        return None
