"""The jobs of the observatory (found by ``manage.py run_huey``)."""

from territoires.core.jobs import job
from territoires.observatory.public import opendata
from territoires.observatory.public.national import dashboard_url, national_view
from territoires.observatory.public.national import metrics as national_metrics
from territoires.observatory.public.selectors import published_campaigns


@job()
def results_cache_warm(campaign_id: int) -> None:
    """Compute and cache what the public pages show of a published campaign's results (the
    national view of every metric, the open data files and their sizes), right after they
    changed (a recomputation or a publication choice, ``results_changed``), so that no
    visitor waits for it. Nothing for a campaign that is not published; a second run finds
    everything cached."""
    campaign = published_campaigns().filter(pk=campaign_id).first()
    if campaign is None:
        return
    for metric, _ in national_metrics(campaign):
        national_view(campaign, metric, dashboard_url)
    for dataset in opendata.DATASETS.values():
        opendata.dataset_row_count(campaign, dataset)
    opendata.files_store(campaign)
