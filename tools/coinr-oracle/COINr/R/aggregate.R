# Source: cran/COINr R/aggregate.R at commit a6422f4d42dcb53497255c6bb70eb6e467c501a8 (CRAN COINr 1.1.7)
# for Aggregate.coin / Aggregate.data.frame / a_amean / a_gmean / a_hmean;
# a_genmean from the newest stored aggregate.R (search-index id 65833212069).
# Purse method, outrankMatrix, a_copeland omitted.

Aggregate <- function(x, ...){
  UseMethod("Aggregate")
}

Aggregate.coin <- function(x, dset, f_ag = NULL, w = NULL, f_ag_para = NULL, dat_thresh = NULL,
                            by_df = FALSE, out2 = "coin", write_to = NULL, ...){

  coin <- write_log(x, dont_write = "x")

  nlev <- max(coin$Meta$Ind$Level, na.rm = TRUE)

  if(is.null(f_ag)){
    f_ag <- "a_amean"
    f_ag_para <- NULL
  } else {
    if(!is.character(f_ag)){
      stop("f_ag must be specified as a character string or vector (function name(s) in inverted commas).")
    }
  }
  stopifnot(length(f_ag) > 0)

  if(length(f_ag) == 1){
    f_ags <- rep(f_ag, nlev - 1)
  } else {
    if(length(f_ag) != (nlev - 1)){
      stop("f_ag must have either length 1 or length equal to number of levels - 1")
    }
    f_ags <- f_ag
  }

  if(!is.null(w)){
    if(is.data.frame(w)){
      stopifnot(exists("iCode", w),
                exists("Weight", w))
      w1 <- w
    } else if(is.character(w)){
      if(length(w) != 1){
        stop("w must be either a string indicating a name of a weight set, or a data frame of weights, or 'none', or NULL.")
      }
      if(w != "none"){
        w1 <- coin$Meta$Weights[[w]]
        if(is.null(w1)){
          stop("Weight set with name '", w, "' not found in .$Meta$Weights.")
        }
        stopifnot(is.data.frame(w1),
                  exists("iCode", w1),
                  exists("Weight", w1))
      } else {
        w1 <- NULL
      }
    } else {
      stop("w must be either a string indicating a name of a weight set, or a data frame of weights, or 'none', or NULL.")
    }
  } else{
    # if w was NULL, get from metadata
    w1 <- coin$Meta$Ind[c("iCode", "Weight")]
  }

  if(!is.null(f_ag_para)){
    if(!is.list(f_ag_para)){
      stop("f_ag_para must be specified as a list or list of lists")
    }
    stopifnot(length(f_ag_para) > 0)
    if(length(f_ag_para) == 1){
      f_ag_paras <- rep(f_ag_para, nlev - 1)
    } else {
      if(length(f_ag_para) != (nlev - 1)){
        stop("f_ag_para must have either length 1 or length equal to number of levels - 1")
      }
      f_ag_paras <- f_ag_para
    }
  } else {
    f_ag_paras <- rep(list(NULL), 4)
  }

  if(is.null(dat_thresh)){
    dat_threshs <- rep(list(NULL), 4)
  } else {
    if(!is.numeric(dat_thresh)){
      stop("dat_thresh must be a numeric value or vector of length (number of levels - 1)")
    }
    if(any((dat_thresh < 0) | (dat_thresh > 1))){
      stop("dat_thresh must only contain numeric values between 0 and 1.")
    }
    if(length(dat_thresh) == 1){
      dat_threshs <- rep(dat_thresh, nlev - 1)
    } else {
      if(length(dat_thresh) != (nlev - 1)){
        stop("dat_thresh must have either length 1 or length equal to number of levels - 1")
      }
      dat_threshs <- dat_thresh
    }
  }

  indat <- get_dset(coin, dset)
  imeta <- coin$Meta$Ind[!is.na(coin$Meta$Ind$Level), ]

  aggregate_level <- function(lev){

    imeta_l <- imeta[imeta$Level == (lev-1), ]

    if(is.null(w1)){
      aggs <- tapply(imeta_l$iCode, imeta_l$Parent, function(codes){
        do.call("Aggregate",
                list(x = indat_ag[codes],
                     f_ag = f_ags[lev-1],
                     f_ag_para = f_ag_paras[[lev-1]],
                     dat_thresh = dat_threshs[lev-1],
                     by_df = by_df))
      })
    } else {
      aggs <- tapply(imeta_l$iCode, imeta_l$Parent, function(codes){
        wts <- w1$Weight[match(codes, w1$iCode)]
        do.call("Aggregate",
                list(x = indat_ag[codes],
                     f_ag = f_ags[lev-1],
                     f_ag_para = c(list(w = wts), f_ag_paras[[lev-1]]),
                     dat_thresh = dat_threshs[[lev-1]],
                     by_df = by_df))
      })
    }

    if(is.list(aggs)){
      as.data.frame(do.call(cbind, aggs))
    } else if (is.numeric(aggs)){
      as.data.frame(t(aggs))
    }

  }

  indat_ag <- indat

  for(lev in 2:nlev){
    indat_ag <- cbind(indat_ag, aggregate_level(lev))
  }

  if(out2 == "df"){
    indat_ag
  } else {
    if(is.null(write_to)){
      write_to <- "Aggregated"
    }
    write_dset(coin, indat_ag, dset = write_to)
  }

}

Aggregate.data.frame <- function(x, f_ag = NULL, f_ag_para = NULL, dat_thresh = NULL,
                                  by_df = FALSE, ...){

  not_numeric <- !sapply(x, is.numeric)
  if(any(not_numeric)){
    stop("Non-numeric column(s) in x.")
  }

  if(!is.null(f_ag_para)){
    if(!is.list(f_ag_para)){
      stop("f_ag_para must be a list")
    }
  }

  if(is.null(f_ag)){
    f_ag <- "a_amean"
    f_ag_para = list(w = rep(1, ncol(x)))
  }

  if(is.null(dat_thresh)){
    dat_thresh <- -1 # effectively no limit
  }

  lx <- ncol(x)

  if(by_df){
    if(is.null(f_ag_para)){
      y <- do.call(f_ag, list(x = x))
    } else {
      y <- do.call(f_ag, c(list(x = x), f_ag_para))
    }
  } else {
    if(is.null(f_ag_para)){
      y <- apply(x, 1, function(x){
        if(sum(!is.na(x))/lx < dat_thresh){
          NA
        } else {
          do.call(f_ag, list(x = x))
        }
      })
    } else {
      y <- apply(x, 1, function(x){
        if(sum(!is.na(x))/lx < dat_thresh){
          NA
        } else {
          do.call(f_ag, c(list(x = x), f_ag_para))
        }
      })
    }
  }

  if(!is.numeric(y)){
    if(all(is.na(y))){
      y <- as.numeric(y)
    } else {
      stop("The output of f_ag has not successfully created a numeric vector.")
    }
  }
  if(length(y) != nrow(x)){
    stop("The ouput of f_ag is not the same length as nrow(x).")
  }

  y
}

a_amean <- function(x, w){

  stopifnot(is.numeric(x),
            is.numeric(w),
            length(w) == length(x))

  if(any(is.na(w))){
    stop("w cannot contain NAs")
  }

  w <- w[!is.na(x)]
  x <- x[!is.na(x)]

  if(length(x)==0){
    return(NA)
  }

  w <- w/sum(w)

  sum(w*x)

}

a_gmean <- function(x, w = NULL){

  if(is.null(w)){
    w <- rep(1,length(x))
    message("No weights specified for geometric mean, using equal weights.")
  }

  if(any(!is.na(x))){

    if(any((x <= 0), na.rm = TRUE)){
      stop("Negative or zero values found when applying geometric mean.")}

    w[is.na(x)] <- NA
    gm <- exp( sum(w * log(x), na.rm = TRUE)/sum(w, na.rm = TRUE) )

  } else {
    gm <- NA
  }

  gm

}

a_hmean <- function(x, w = NULL){

  if(is.null(w)){
    w <- rep(1,length(x))
    message("No weights specified harmonic mean, using equal weights.")
  }

  if(any(!is.na(x))){

    if(any(x == 0, na.rm = TRUE)){
      stop("Zero values found when applying harmonic mean.")}

    w[is.na(x)] <- NA

    hm <- sum(w, na.rm = TRUE)/sum(w/x, na.rm = TRUE)

  } else {
    hm <- NA
  }

  hm

}

a_genmean <- function(x, w = NULL, p){

  if(is.null(w)){
    w <- rep(1,length(x))
    message("No weights specified, using equal weights.")
  }

  if(p==0){
    stop("Setting p = 0 results in an infinite exponent. Use a_gmean() instead.")
  }

  if(any(!is.na(x))){

    if(any(x <= 0, na.rm = TRUE) && p < 0){
      stop("Zero or negative values found when applying generalised mean with negative p: cannot be calculated.")
    }

    w[is.na(x)] <- NA

    # QUIRK (verbatim): no na.rm here, so any NA in x gives NA
    gm <- (sum(w*x^p)/sum(w))^(1/p)

  } else {
    gm <- NA
  }

  gm

}
