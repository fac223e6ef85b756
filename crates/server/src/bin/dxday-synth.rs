//! Writes a synthetic plan for benchmarks: the real plan's groups and organizations with
//! N generated activities, e.g. `dxday-synth data/plans/2022.json 10000 out/2022.json`.

use dxday_core::load::parse_plan;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, count, out] = args.as_slice() else {
        eprintln!("usage: dxday-synth BASE_PLAN.json COUNT OUT.json");
        return ExitCode::FAILURE;
    };
    let result = (|| -> Result<(), String> {
        let text = std::fs::read_to_string(base).map_err(|e| format!("{base}: {e}"))?;
        let plan = parse_plan(&text).map_err(|e| format!("{base}: {e}"))?;
        let count: usize = count.parse().map_err(|_| format!("not a count: {count}"))?;
        let synthetic = dxday_core::synth::plan(&plan, count, 20221010);
        let json = serde_json::to_string(&synthetic).map_err(|e| e.to_string())?;
        std::fs::write(out, json).map_err(|e| format!("{out}: {e}"))
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
