# Source: COINr R/normalise.R, newest stored version (search-index file id 12021253176; 37,119 chars;
# has get_iMeta_norm_paras / f_n_para = "use_iMeta" = >= 1.1.8). Purse method omitted.

Normalise <- function(x, ...){
  UseMethod("Normalise")
}

Normalise.coin <- function(x, dset, global_specs = NULL, indiv_specs = NULL,
                           directions = NULL, out2 = "coin", write_to = NULL,
                           write2log = TRUE, ...){

  coin <- write_log(x, dont_write = "x", write2log = write2log)

  iData <- get_dset(coin, dset)
  iData_ <- iData[colnames(iData) != "uCode"]

  if(is.null(directions)){
    dirs_c <- coin$Meta$Ind[c("iCode", "Direction")]
    if(is.null(dirs_c)){
      stop("No directions provided, and no directions found in .$Meta$Ind")
    }
  } else {
    dirs_c <- directions
  }

  if(!is.null(global_specs[["f_n"]])){
    if(identical(global_specs[["f_n_para"]], "use_iMeta")){
      indiv_specs <- get_iMeta_norm_paras(coin, func_name = global_specs[["f_n"]])
    }
  }

  iData_n <- Normalise(iData_, global_specs = global_specs, indiv_specs = indiv_specs,
                       directions = dirs_c)

  iData_n <- cbind(uCode = iData$uCode, iData_n)

  if(out2 == "df"){
    iData_n
  } else {
    if(is.null(write_to)){
      write_to <- "Normalised"
    }
    write_dset(coin, iData_n, dset = write_to)
  }
}

Normalise.data.frame <- function(x, global_specs = NULL, indiv_specs = NULL,
                               directions = NULL, ...){

  if(is.null(directions)){
    directions <- data.frame(iCode = names(x),
                             Direction = rep(1, ncol(x)))
  }
  if(!is.data.frame(directions)){
    stop("'directions' must be specified as a data frame.")
  }
  if(any(colnames(directions) %nin% c("iCode", "Direction"))){
    stop("'directions' must contain both columns 'iCode' and 'Direction'.")
  }

  specs_def <- list(f_n = "n_minmax",
                    f_n_para = list(l_u = c(0,100)))

  if(!is.null(global_specs)){
    stopifnot(is.list(global_specs))
    #specs_def <- utils::modifyList(specs_def, global_specs)
    specs_def <- global_specs
  }

  indiv <- !is.null(indiv_specs)
  if(indiv){
    stopifnot(is.list(indiv_specs))
  }

  norm_col <- function(col_name){

    xi <- x[[col_name]]
    if(!is.numeric(xi)){
      return(xi)
    }

    if(indiv){
      if(col_name %in% names(indiv_specs)){
        specs <- indiv_specs[[col_name]]
      } else {
        specs <- specs_def
      }
    } else {
      specs <- specs_def
    }

    specs$direction <- directions$Direction[directions$iCode == col_name]
    if(length(specs$direction) != 1){
      stop("No 'direction' entry found for numerical column ", col_name)
    }

    do.call("Normalise.numeric", c(list(x = xi), specs))
  }

  norm_results <- as.data.frame(lapply(names(x), norm_col))

  names(norm_results) <- names(x)

  norm_results

}

Normalise.numeric <- function(x, f_n = NULL, f_n_para = NULL,
                               direction = 1, ...){

  if(direction %nin% c(-1, 1)){
    stop("direction must be either -1 or 1")
  }

  # change direction
  x <- x*direction

  if(is.null(f_n)){
    f_n <- "n_minmax"
  }
  f_args <- list(x = x)
  if(!is.null(f_n_para)){
    if(!is.list(f_n_para)){
      stop("f_n_para must be a list")
    }
    f_args <- c(f_args, f_n_para)
  }

  if(f_n == "none"){
    xn <- x
  } else {
    xn <- do.call(what = f_n, args = f_args)
  }

  if(length(xn) != length(x)){
    stop("length of normalised vector not equal to length of x")
  }
  if(!is.numeric(xn)){
    stop("normalised vector is not numeric")
  }

  xn

}

n_minmax <- function(x, l_u = c(0,100)){

  stopifnot(is.numeric(x),
            is.numeric(l_u),
            length(l_u) == 2,
            all(!is.na(l_u)))

  minx <- min(x, na.rm = TRUE)
  maxx <- max(x, na.rm = TRUE)
  if(minx == maxx){
    warning("The range of x is 0: returning vector of NaNs")
  }
  (x-minx)/(maxx - minx)*(l_u[2]-l_u[1]) + l_u[1]
}

n_scaled <- function(x, npara = c(0,100)){

  stopifnot(is.numeric(x),
            is.vector(x))
  (x-npara[1])/(npara[2] - npara[1])*100
}

n_zscore <- function(x, m_sd = c(0,1)){

  stopifnot(is.numeric(x),
            is.numeric(m_sd),
            length(m_sd) == 2,
            all(!is.na(m_sd)),
            m_sd[2] > 0)

  (x-mean(x, na.rm = TRUE))/stats::sd(x, na.rm = TRUE)*m_sd[2] + m_sd[1]
}

n_dist2max <- function(x){

  stopifnot(is.numeric(x))

  minx <- min(x, na.rm = TRUE)
  maxx <- max(x, na.rm = TRUE)
  if(minx == maxx){
    warning("The range of x is 0: returning vector of NaNs")
  }

  1 - (maxx - x)/(maxx- minx)
}

n_dist2ref <- function(x, iref, cap_max = FALSE){

  stopifnot(is.numeric(x),
            is.logical(cap_max),
            is.numeric(iref),
            length(iref)==1,
            iref > 0)

  if(iref > length(x)){
    stop("iref must be an integer in 1:length(x).")
  }

  minx <- min(x, na.rm = TRUE)
  xref <- x[iref]
  if(is.na(xref)){
    warning("The value of x identified as the reference is NA - returning vector of NAs")
  }

  y <- 1 - (xref - x)/(xref - minx)
  if(cap_max){
    y[y>1] <- 1
  }

  y
}

n_dist2targ <- function(x, targ, direction = 1, cap_max = FALSE){

  stopifnot(is.numeric(x),
            is.numeric(targ),
            length(targ)==1,
            is.logical(cap_max),
            is.numeric(direction),
            length(direction) == 1)

  if(is.na(targ)){
    stop("targ is NA")
  }

  if(direction == 1){

    minx <- min(x, na.rm = TRUE)
    if(targ < minx){
      warning("targ is less than min(x) - this will produce negative scores.")
    }
    y <- (x - minx)/(targ - minx)

  } else if (direction == -1){

    maxx <- max(x, na.rm = TRUE)
    if(targ > maxx){
      warning("targ is greater than max(x) - this will produce negative scores.")
    }
    y <- (maxx - x)/(maxx- targ)

  } else {
    stop("'direction' must be either -1 or 1")
  }

  if(cap_max){
    y[y>1] <- 1
  }

  y
}

n_fracmax <- function(x){

  stopifnot(is.numeric(x))

  maxx <- max(x, na.rm = TRUE)

  x/maxx
}

n_prank <- function(x, ties.method = "min"){

  stopifnot(is.numeric(x))

  rx <- rank(x, ties.method = "min", na.last = "keep")
  (rx - 1) / (sum(!is.na(x)) - 1)

}

n_rank <- function(x, ties.method = "min"){

  stopifnot(is.numeric(x))

  rank(x, ties.method = "min", na.last = "keep")

}

n_borda <- function(x, ties.method = "min"){

  stopifnot(is.numeric(x))

  rank(x, ties.method = "min", na.last = "keep") - 1

}

n_goalposts <- function(x, gposts, direction = 1, trunc2posts = TRUE){

  stopifnot(is.numeric(x))

  if(direction == -1){
    # gposts[1:2] <- -1*gposts[1:2] # NOTE COMMENTED OUT FOR CONSISTENCY
    y <- (x-gposts[2])/(gposts[1] - gposts[2])
  } else {
    y <- (x-gposts[1])/(gposts[2] - gposts[1])
  }

  if(trunc2posts){
    y[y > 1] <- 1
    y[y < 0] <- 0
  }
  y * gposts[3]

}

get_iMeta_norm_paras <- function(coin, func_name){

  iMeta <- coin$Meta$Ind[coin$Meta$Ind$Type == "Indicator",]

  required_cols <- switch(
    func_name,
    n_minmax = c("minmax_lower", "minmax_upper"),
    n_scaled = c("scaled_lower", "scaled_upper"),
    n_zscore = c("zscore_mean", "zscore_sd"),
    n_dist2targ = c("Target", "dist2targ_cap_max", "Direction"),
    n_goalposts = c("goalpost_lower", "goalpost_upper", "goalpost_scale" , "Direction", "goalpost_trunc2posts"),
    stop("Your normalisation function '", func_name, "' does not have support for iMeta parameters.")
  )

  dist2targ_exception <- (func_name == "n_dist2targ") && ("dist2targ_cap_max" %nin% names(iMeta))

  if(any(required_cols %nin% names(iMeta))){
    if(dist2targ_exception){
      message("Normalisation parameters retrieved from iMeta but 'dist2targ_cap_max' is missing - it is assumed as FALSE.")
    } else {
      stop("Required columns for noramalisation method ", func_name, " are: ", toString(required_cols))
    }
  }

  l_n <- rep(list(list(f_n = func_name)), nrow(iMeta))
  names(l_n) <- iMeta$iCode

  for(ii in 1:nrow(iMeta)){
    l <- l_n[[ii]]
    if(dist2targ_exception){
      paras <- iMeta[iMeta$iCode == names(l_n)[ii], c("Target", "Direction")]
      paras$dist2targ_cap_max <- FALSE
    } else {
      paras <- iMeta[iMeta$iCode == names(l_n)[ii], required_cols]
    }
    l$f_n_para <- switch(
      func_name,
      n_minmax = list(l_u = c(paras$minmax_lower, paras$minmax_upper)),
      n_scaled = list(npara = c(paras$scaled_lower, paras$scaled_upper)),
      n_zscore = list(m_sd = c(paras$zscore_mean, paras$zscore_sd)),
      n_dist2targ = list(
        targ = paras$Target * paras$Direction,
        cap_max = paras$dist2targ_cap_max
      ),
      n_goalposts = list(
        gposts = if(paras$Direction == -1){
          c(paras$goalpost_upper*paras$Direction, paras$goalpost_lower*paras$Direction, paras$goalpost_scale)
        } else {
          c(paras$goalpost_lower*paras$Direction, paras$goalpost_upper*paras$Direction, paras$goalpost_scale)
        },
        trunc2posts = paras$goalpost_trunc2posts
      )
    )
    l_n[[ii]] <- l
  }

  l_n
}
