"""The demo talks: a ceasefire in its second round and a labour negotiation, loaded through the
use cases like any other talks."""
