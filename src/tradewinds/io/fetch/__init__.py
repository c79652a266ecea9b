"""Real download code (UN Comtrade API, CEPII BACI release files).

Nothing here runs in the tests against the network: each function takes a
``transport`` (a callable that performs one HTTP GET) so the tests replay
recorded responses. The default transport uses ``urllib`` with a timeout.
"""

from tradewinds.io.fetch.baci import BACI_URL, baci_release_url, fetch_baci
from tradewinds.io.fetch.comtrade import (
    COMTRADE_API,
    ComtradeQuery,
    comtrade_code,
    fetch_comtrade,
)
from tradewinds.io.fetch.http import (
    HttpResponse,
    Transport,
    download_file,
    urllib_stream_transport,
    urllib_transport,
)

__all__ = [
    "BACI_URL",
    "COMTRADE_API",
    "ComtradeQuery",
    "HttpResponse",
    "Transport",
    "baci_release_url",
    "comtrade_code",
    "download_file",
    "fetch_baci",
    "fetch_comtrade",
    "urllib_stream_transport",
    "urllib_transport",
]
