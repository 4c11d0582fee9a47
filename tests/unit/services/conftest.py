import pytest

from support.memory import Clock, MemoryStore, memory_services
from support.world import World, build_world


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def memory(clock: Clock) -> tuple:
    return memory_services(clock)


@pytest.fixture
def store(memory) -> MemoryStore:
    return memory[1]


@pytest.fixture
def world(memory) -> World:
    return build_world(memory[0])
