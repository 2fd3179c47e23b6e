# Times COINr's get_sensitivity() on the workload of COINr's "Sensitivity analysis" vignette
# (vignettes/sensitivity.Rmd; the stored inst/doc/sensitivity.R). The oracle's transcribed COINr
# sources in COINr/R are used (see COINr/R/sensitivity.R, regen.R, get_data.R for provenance).
# Usage: cd tools/coinr-oracle && Rscript run_sensitivity.R [n_runs]   (default n_runs = 2)
# Writes out/sensitivity_timings.txt, out/sensitivity_UA.csv, out/sensitivity_SA.csv,
# out/sensitivity_SA_rankstats.csv, out/sensitivity_results.rds.
#
# Settings that differ from the vignette text, with reasons:
#  * check_addresses = FALSE: "$Log$Aggregate$w" is NULL in the example coin's Log, so COINr's
#    check_address() asks on the console whether to continue. Under Rscript readline() returns "" and
#    COINr stops. Answering "y" at the prompt, as an interactive user would, has the same effect as skipping.
#  * quietly = TRUE: this only drops the per-replication progress message().
#  * seeds are fixed (set.seed) so that the runs can be reproduced. The vignette sets none.
#  * SA: Nboot = 100, as in the vignette's SA call, so that the Sobol indices get bootstrap CIs.

options(stringsAsFactors = FALSE, warn = 1)
for (f in list.files("COINr/R", full.names = TRUE, pattern = "\\.R$")) source(f)

args <- commandArgs(trailingOnly = TRUE)
n_runs <- if (length(args) >= 1) as.integer(args[1]) else 2L

# ---- package data, rebuilt from the CSVs exactly as in run_oracle.R ----
datadir <- "../../examples/coinr"
ASEM_iData <- read.csv(file.path(datadir, "ASEM_iData.csv"), na.strings = c("NA", ""),
                       check.names = FALSE)
ASEM_iMeta <- read.csv(file.path(datadir, "ASEM_iMeta.csv"), na.strings = c("NA", ""),
                       check.names = FALSE)
for (cc in c("Level", "Direction", "Weight", "Target")) ASEM_iMeta[[cc]] <- as.numeric(ASEM_iMeta[[cc]])
for (cc in c("iCode", "iName", "Unit", "Denominator", "Parent", "Type")) ASEM_iMeta[[cc]] <- as.character(ASEM_iMeta[[cc]])
num_cols <- setdiff(names(ASEM_iData), c("uName", "uCode", "GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"))
for (cc in num_cols) ASEM_iData[[cc]] <- as.numeric(ASEM_iData[[cc]])

outdir <- "out"
dir.create(outdir, showWarnings = FALSE)

# ---- build example coin ----
t_build <- system.time(coin <- build_example_coin(quietly = TRUE))[["elapsed"]]
stopifnot(isTRUE(coin$Log$can_regen))
# one plain regeneration, for reference (cost of one replication without edits)
t_regen <- system.time(for (i in 1:5) coin_chk <- Regen(coin))[["elapsed"]] / 5
stopifnot(identical(coin_chk$Data, coin$Data))

# ---- SA_specs, as in the vignette ----
# component of SA_specs for winmax distribution
l_winmax <- list(Address = "$Log$Treat$global_specs$f1_para$winmax",
                 Distribution = 1:5,
                 Type = "discrete")

# normalisation method: minmax or zscore (along with respective parameters)
norm_alts <- list(
  list(f_n = "n_minmax", f_n_para = list(c(1,100))),
  list(f_n = "n_zscore", f_n_para = list(c(10,2)))
)
l_norm <- list(Address = "$Log$Normalise$global_specs",
               Distribution = norm_alts,
               Type = "discrete")

# weights: nominal weights (iMeta weights: iCode, Level, Weight) with noise at levels 2 and 3
set.seed(1)
w_nom <- coin$Meta$Weights$Original
noise_specs <- data.frame(Level = c(2,3),
                          NoiseFactor = c(0.25, 0.25))
noisy_wts <- get_noisy_weights(w = w_nom, noise_specs = noise_specs, Nrep = 100)
l_weights <- list(Address = "$Log$Aggregate$w",
                  Distribution = noisy_wts,
                  Type = "discrete")

# aggregation
l_agg <- list(Address = "$Log$Aggregate$f_ag",
              Distribution = c("a_amean", "a_gmean"),
              Type = "discrete")

SA_specs <- list(
  Winmax = l_winmax,
  Normalisation = l_norm,
  Weights = l_weights,
  Aggregation = l_agg
)

N <- 100
d <- length(SA_specs)

run_one <- function(type, seed){
  set.seed(seed)
  res <- NULL
  st <- system.time(
    res <- if (type == "UA") {
      get_sensitivity(coin, SA_specs = SA_specs, N = N, SA_type = "UA",
                      dset = "Aggregated", iCode = "Index",
                      quietly = TRUE, check_addresses = FALSE)
    } else {
      get_sensitivity(coin, SA_specs = SA_specs, N = N, SA_type = "SA",
                      dset = "Aggregated", iCode = "Index", Nboot = 100,
                      quietly = TRUE, check_addresses = FALSE)
    }
  )
  list(res = res, time = st)
}

timings <- data.frame()
results <- list()
for (type in c("UA", "SA")) {
  for (r in seq_len(n_runs)) {
    seed <- if (type == "UA") 100 + r else 200 + r
    cat(sprintf("Running %s N=%d, run %d (seed %d) ...\n", type, N, r, seed))
    o <- run_one(type, seed)
    n_fail <- sum(colSums(is.na(o$res$Scores[grepl("^r_", names(o$res$Scores))])) == nrow(o$res$Scores))
    NT <- sum(grepl("^r_", names(o$res$Scores)))
    timings <- rbind(timings, data.frame(
      SA_type = type, N = N, run = r, seed = seed, regenerations = NT, failed_regens = n_fail,
      elapsed_s = o$time[["elapsed"]], user_s = o$time[["user.self"]], sys_s = o$time[["sys.self"]],
      per_regen_ms = 1000 * o$time[["elapsed"]] / NT))
    cat(sprintf("  elapsed %.2f s (%d regenerations, %.1f ms each, %d failed)\n",
                o$time[["elapsed"]], NT, 1000 * o$time[["elapsed"]] / NT, n_fail))
    if (r == 1) results[[type]] <- o$res
  }
}

# ---- outputs ----
fmt <- function(df, digits = 15){
  as.data.frame(lapply(df, function(y){
    if (is.numeric(y)) ifelse(is.na(y), "NA", sprintf(paste0("%.", digits, "g"), y)) else y
  }), check.names = FALSE)
}

ua <- results$UA
ua_out <- merge(ua$Nominal, ua$RankStats[c("uCode", "Mean", "Median", "Q5", "Q95")], by = "uCode")
names(ua_out)[names(ua_out) == "Score"] <- "NominalScore"
names(ua_out)[names(ua_out) == "Rank"] <- "NominalRank"
ua_out <- ua_out[order(ua_out$NominalRank, ua_out$uCode), ]
write.csv(fmt(ua_out), file.path(outdir, "sensitivity_UA.csv"), row.names = FALSE)

sa <- results$SA
sa_out <- sa$Sensitivity[c("Variable", "Si", "STi", "Si_q5", "Si_q95", "STi_q5", "STi_q95")]
write.csv(fmt(sa_out), file.path(outdir, "sensitivity_SA.csv"), row.names = FALSE)
sa_rs <- merge(sa$Nominal, sa$RankStats[c("uCode", "Mean", "Median", "Q5", "Q95")], by = "uCode")
write.csv(fmt(sa_rs[order(sa_rs$Rank, sa_rs$uCode), ]), file.path(outdir, "sensitivity_SA_rankstats.csv"),
          row.names = FALSE)
saveRDS(list(results = results, noisy_wts = noisy_wts, SA_specs = SA_specs, timings = timings),
        file.path(outdir, "sensitivity_results.rds"))

# ---- timings file ----
nproc <- tryCatch(trimws(system("nproc", intern = TRUE)), error = function(e) NA)
cpu <- tryCatch({
  x <- grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1]; trimws(sub(".*:", "", x))
}, error = function(e) NA)
blas <- tryCatch(sessionInfo()$BLAS, error = function(e) NA)
con <- file(file.path(outdir, "sensitivity_timings.txt"), "w")
w <- function(...) cat(..., "\n", sep = "", file = con)
w("COINr get_sensitivity() timing, workload of COINr's 'Sensitivity analysis' vignette")
w("date: ", format(Sys.time(), "%Y-%m-%d %H:%M:%S %Z"))
w("R: ", R.version.string)
w("nproc: ", nproc, "   CPU: ", cpu)
w("BLAS: ", blas)
w("COINr code: transcribed sources in tools/coinr-oracle/COINr/R (get_sensitivity = CRAN COINr sensitivity.R",
  " 4604fad + check_addresses arg of 1.1.7); single-threaded R loop, no parallelism")
w("coin: build_example_coin() on ASEM (51 units, 49 indicators); build ", sprintf("%.3f", t_build),
  " s; one plain Regen() ", sprintf("%.1f", 1000 * t_regen), " ms (mean of 5)")
w("SA_specs (d = ", d, "): Winmax 1:5 at $Log$Treat$global_specs$f1_para$winmax;",
  " Normalisation {n_minmax c(1,100), n_zscore c(10,2)} at $Log$Normalise$global_specs;",
  " Weights = get_noisy_weights(iMeta weights, Level 2,3 NoiseFactor 0.25, Nrep 100) at $Log$Aggregate$w;",
  " Aggregation {a_amean, a_gmean} at $Log$Aggregate$f_ag")
w("calls: get_sensitivity(coin, SA_specs, N = 100, SA_type = 'UA'|'SA', dset = 'Aggregated', iCode = 'Index',",
  " [SA: Nboot = 100], quietly = TRUE, check_addresses = FALSE)")
w("regenerations: UA = N = ", N, "; SA = N*(d+2) = ", N * (d + 2))
w("")
w(paste(capture.output(print(timings, row.names = FALSE, digits = 6)), collapse = "\n"))
w("")
for (type in c("UA", "SA")) {
  e <- timings$elapsed_s[timings$SA_type == type]
  w(sprintf("%s N=%d: elapsed seconds per run = %s ; min %.2f, mean %.2f", type, N,
            paste(sprintf("%.2f", e), collapse = ", "), min(e), mean(e)))
}
close(con)
cat(readLines(file.path(outdir, "sensitivity_timings.txt")), sep = "\n")
print(sa_out)
print(head(ua_out, 10))
