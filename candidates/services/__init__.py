"""Writes of the candidates app: ``people`` (signup, the pipeline's spine, races) and
``calls`` (weekly intro calls), ``screening`` (1:1 calls). Import from here: ``from candidates import services``."""

from .calls import *  # noqa: F403  (each module lists its services in __all__)
from .guards import *  # noqa: F403
from .people import *  # noqa: F403
from .screening import *  # noqa: F403
