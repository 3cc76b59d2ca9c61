"""Repositories: the API's reads, one class per domain, over `GraphClient` and `cypher/api/*.cypher`.

Routes and resolvers depend on these, never on the driver. Batch methods (`*_of`, `by_ids`) take a
list of ids and return one entry per id, in order, for DataLoaders.
"""

from api.repositories.chains import ChainRepository
from api.repositories.graph import GraphClient, QueryStats
from api.repositories.inventors import InventorRepository
from api.repositories.organizations import OrganizationRepository
from api.repositories.patents import PatentFilter, PatentRepository
from api.repositories.policies import PolicyRepository
from api.repositories.regions import RegionRepository, ResolvedRegion
from api.repositories.search import SearchRepository


class Repositories:
    """All repositories over one client (made once per app)."""

    def __init__(self, client: GraphClient, *, fulltext_search: bool = False) -> None:
        self.client = client
        self.patents = PatentRepository(client)
        self.organizations = OrganizationRepository(client)
        self.inventors = InventorRepository(client)
        self.policies = PolicyRepository(client)
        self.chains = ChainRepository(client)
        self.regions = RegionRepository(client)
        self.search = SearchRepository(client, fulltext=fulltext_search)


__all__ = [
    "ChainRepository", "GraphClient", "InventorRepository", "OrganizationRepository", "PatentFilter",
    "PatentRepository", "PolicyRepository", "QueryStats", "RegionRepository", "Repositories",
    "ResolvedRegion", "SearchRepository",
]
