"""Adaptive against full-lattice evaluations of the calibrated regions: per panel the lattice points with toys, the full lattice with the
same contour resolution, (point x toy) evaluations, and the wall time with the load average.
Usage: python bench/bench_regions.py [--toys N] [--workers W] [--quick] [--experiments xenonnt,lz_ws2022] [--figures fig3,fig5]"""
import argparse, os, time
from nu_ees.regions import construct_regions, figure_panels, QUICK



def main():
    p = argparse.ArgumentParser()
    p.add_argument('--toys', type=int, default=2000)
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--quick', action='store_true')
    p.add_argument('--experiments', default='xenonnt,lz_ws2022')
    p.add_argument('--figures', default='fig3,fig5')
    a = p.parse_args()
    opts = {k: v for k, v in QUICK.items() if k != 'n_toys'} if a.quick else {}
    panels = figure_panels(tuple(a.figures.split(',')), tuple(a.experiments.split(',')))
    load0, t0 = os.getloadavg(), time.time()
    jobs = construct_regions(panels, QUICK['n_toys'] if a.quick else a.toys, workers=a.workers, **opts)
    wall = time.time() - t0
    print(f'{"panel":<32}{"points":>8}{"level":>6}{"full":>8}{"ratio":>8}   moves')
    tot_pts = tot_full = 0
    for job in dict.fromkeys(jobs.values()):
        n = len(job.nodes)
        full = job.full_lattice() if job.dim == 2 else (job.coarse * 2**job.level + 1) ** 2 * 3  # Lambda: the three panels' plane lattices
        tot_pts, tot_full = tot_pts + n, tot_full + full
        print(f'{job.panel.experiment + " " + job.panel.name:<32}{n:>8}{job.level:>6}{full:>8}{full / n:>8.1f}   {[round(m, 4) for m in job.moves]}')
    toys = QUICK['n_toys'] if a.quick else a.toys
    print(f'total: {tot_pts} points x {toys} toys = {tot_pts * toys:,} evaluations; full lattice {tot_full * toys:,} ({tot_full / tot_pts:.1f}x more)')
    print(f'wall {wall:.0f} s with {a.workers} workers; load average before {load0}, after {os.getloadavg()}')


if __name__ == '__main__':  # Dask's worker processes import this file: run only as a script
    main()
