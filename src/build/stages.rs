//! Build stage timings for profiling (`FORO_TIMINGS=1`).

use std::time::{Duration, Instant};

/// Stage timings, printed to stderr when `FORO_TIMINGS` is set (for
/// profiling): wall time, and the process's CPU time (user + system, all
/// threads) over the wall time, i.e. how many cores the stage kept busy.
pub(super) struct Stages {
    on: bool,
    last: Instant,
    cpu: Option<Duration>,
}

impl Stages {
    pub(super) fn start() -> Self {
        let on = std::env::var_os("FORO_TIMINGS").is_some();
        Stages {
            on,
            last: Instant::now(),
            cpu: if on { cpu_time() } else { None },
        }
    }

    pub(super) fn lap(&mut self, name: &str) {
        if self.on {
            let wall = self.last.elapsed();
            let cpu = cpu_time();
            let cores = match (self.cpu, cpu) {
                (Some(a), Some(b)) if wall.as_millis() > 0 => {
                    format!(
                        " (cpu/wall {:.1})",
                        b.saturating_sub(a).as_secs_f64() / wall.as_secs_f64()
                    )
                }
                _ => String::new(),
            };
            let rss = memory().map_or(String::new(), |(now, peak)| {
                format!(", {} MiB now, {} MiB peak", now >> 10, peak >> 10)
            });
            eprintln!("timing: {name}: {} ms{cores}{rss}", wall.as_millis());
            self.cpu = cpu;
        }
        self.last = Instant::now();
    }
}

/// The process's resident memory now and at its peak, in KiB, from
/// `/proc/self/status` (Linux).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// User + system CPU time of the whole process so far, from
/// `/proc/self/stat` (Linux; in clock ticks of 1/100 s).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    // After the command: state, ppid, …; utime and stime are the 12th and 13th.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}
