# Source: bluefoxr/COINr R/impute.R (commit 03892838bd108635afff3e1e085e113c6fb5b429, post-1.1.12:
# has skip_f_na and impute_panel "constant"). Purse method and impute_panel omitted.

Impute <- function(x, ...){
  UseMethod("Impute")
}

Impute.coin <- function(x, dset, f_i = NULL, f_i_para = NULL, impute_by = "column",
                        use_group = NULL, group_level = NULL, normalise_first = NULL, out2 = "coin",
                        write_to = NULL, disable = FALSE, warn_on_NAs = TRUE, ...){

  coin <- write_log(x, dont_write = "x")

  stopifnot(is.logical(disable))
  if(disable){
    idata <- get_dset(coin, dset = dset)
    if(out2 == "df"){
      return(idata)
    } else {
      if(is.null(write_to)){
        write_to <- "Imputed"
      }
      return(write_dset(coin, idata, dset = write_to))
    }
  }

  iData <- get_dset(coin, dset, use_group)
  iData_ <- iData[colnames(iData) %nin% c("uCode", use_group)]

  if(is.null(normalise_first)){
    if(impute_by == "row"){
      normalise_first <- TRUE
    } else {
      normalise_first <- FALSE
    }
  }

  if(!is.null(normalise_first)){
    directions <- coin$Meta$Ind[c("iCode", "Direction")]
  }

  if(!is.null(use_group)){
    if(is.null(f_i_para)){
      f_i_para <- list(f = iData[[use_group]])
    } else {
      f_i_para[["f"]] <- iData[[use_group]]
    }
  }

  if(is.null(group_level)){

    directions <- directions$Direction[match(colnames(iData_), directions$iCode)]

    iData_i <- Impute.data.frame(iData_, f_i = f_i, f_i_para = f_i_para,
                                  impute_by = impute_by,
                                  normalise_first = normalise_first,
                                  directions = directions, warn_on_NAs = warn_on_NAs)

  } else {

    if(group_level %nin% 2:x$Meta$maxlev){
      stop("group_level is out of range: must be between 2 and max level.")
    }
    lin <- coin$Meta$Lineage
    lin <- lin[match(colnames(iData_), lin[[1]]), ]
    f <- lin[[group_level]]
    iData_split <- split.default(iData_, f)
    iData_split_i <- lapply(iData_split, function(dfi){
      directions <- directions$Direction[match(colnames(dfi), directions$iCode)]
      Impute.data.frame(dfi, f_i = f_i, f_i_para = f_i_para,
                         impute_by = impute_by, normalise_first = normalise_first,
                         directions = directions, warn_on_NAs = warn_on_NAs)
    })
    iData_i <- Reduce(cbind, iData_split_i)
    iData_i <- iData_i[colnames(iData_)]
    x_check <- iData_i
    x_check[is.na(iData_)] <- NA
    if(!identical(x_check, iData_)){
      warning("Differences detected in non-NA values of imputed data frame.")
    }
  }

  iData_i <- cbind(uCode = iData$uCode, iData_i)

  if(out2 == "df"){
    iData_i
  } else {
    if(is.null(write_to)){
      write_to <- "Imputed"
    }
    write_dset(coin, iData_i, dset = write_to)
  }

}

Impute.data.frame <- function(x, f_i = NULL, f_i_para = NULL, impute_by = "column",
                               normalise_first = NULL, directions = NULL, warn_on_NAs = TRUE, ...){

  stopifnot(impute_by %in% c("column", "row", "df"))

  non_numeric <- !sapply(x, is.numeric)

  if(any(non_numeric)){
    stop("Non-numeric columns detected in x. Please remove these columns to use this function.")
  }

  x_NAs <- is.na(x)

  if(sum(x_NAs) == 0){
    return(x)
  }

  if(is.null(normalise_first)){
    if(impute_by == "row"){
      normalise_first <- TRUE
    } else {
      normalise_first <- FALSE
    }
  }

  if(normalise_first){

    if(is.null(directions)){
      stop("To normalise the data you need to specify the 'directions' argument.")
    }

    stopifnot(length(directions) == ncol(x),
              all(directions %in% c(-1, 1)))

    x_n <- as.data.frame(mapply(`*`, x, directions))

    xmins <- sapply(x_n, min, na.rm = T)
    xmaxs <- sapply(x_n, max, na.rm = T)

    x_n <- as.data.frame(lapply(x_n, function(x){
      (x - min(x, na.rm = TRUE))/(max(x, na.rm = TRUE) - min(x, na.rm = TRUE))
    }))
  } else {
    x_n <- x
  }

  if(impute_by == "df"){

    f_args <- formals(f_i)
    if(is.null(f_args)){
      stop("The function specified by f_i seems to have no input arguments!")
    } else {
      if(names(f_args)[1] != "x"){
        stop("The first argument of f_i must be called 'x'.")
      }
    }
    f_args <- list(x = x_n)
    if(!is.null(f_i_para)){
      if(!is.list(f_i_para)){
        stop("f_i_para must be a list")
      }
      f_args <- c(f_args, f_i_para)
    }
    x_imp <- do.call(what = f_i, args = f_args)
    if(!is.data.frame(x_imp)){
      stop("Object returned by f_i is not a data frame.")
    }
    if(!identical(dim(x_imp), dim(x))){
      stop("Object returned by f_i has different dimensions from x.")
    }

  } else if (impute_by == "column") {

    if(is.null(f_i_para)){
      x_imp <- lapply(x_n, Impute.numeric, f_i)
    } else {
      x_imp <- lapply(x_n, Impute.numeric, f_i, f_i_para)
    }

  } else if (impute_by == "row"){

    if(is.null(f_i_para)){
      x_imp <- apply(x_n, 1, Impute.numeric, f_i, simplify = FALSE)
    } else {
      x_imp <- apply(x_n, 1, Impute.numeric, f_i, f_i_para, simplify = FALSE)
    }
    x_imp <- Reduce(rbind, x_imp)

  }

  x_imp <- as.data.frame(x_imp)

  if(normalise_first){
    x_imp <- mapply(function(x, mn, mx, direc){
      xo <- x*(mx - mn) + mn
      xo*direc
    }, x_imp, xmins, xmaxs, directions)
    x_imp <- as.data.frame(x_imp)
  }

  row.names(x_imp) <- attr(x, "row.names")

  x_check <- x_imp
  x_check[x_NAs] <- NA

  x <- as.data.frame(lapply(x, as.numeric))
  row.names(x) <- attr(x_imp, "row.names")

  if(!isTRUE(all.equal(x_check, x))){
    stop("Differences detected in non-NA values of imputed data frame.")
  }

  x_imp[!x_NAs] <- x[!x_NAs]

  if(warn_on_NAs){
    check_remaining_NAs(x_imp)
  }

  x_imp

}

Impute.numeric <- function(x, f_i = NULL, f_i_para = NULL, ...){

  f_i <- set_default(f_i, "i_mean")

  f_args <- formals(f_i)
  if(is.null(f_args)){
    stop("The function specified by f_i seems to have no input arguments!")
  } else {
    if(names(f_args)[1] != "x"){
      stop("The first argument of f_i must be called 'x'.")
    }
  }

  f_args <- list(x = x)
  if(!is.null(f_i_para)){
    if(!is.list(f_i_para)){
      stop("f_n_para must be a list")
    }
    f_args <- c(f_args, f_i_para)
  }

  nas <- is.na(x)

  if(sum(nas) == length(x)){
    warning("Input is all NAs - cannot impute. Returning vector of NAs.")
    return(x)
  }

  if((f_i == "none") | (length(nas) == 0)) return(x)

  xi <- do.call(what = f_i, args = f_args)

  if(length(xi) != length(x)){
    stop("length of imputed vector not equal to length of x")
  }
  if(!is.numeric(xi)){
    stop("imputed vector is not numeric")
  }
  if(!identical(xi[!nas], x[!nas])){
    stop("One or more non-NA values of x has changed as a result of imputation.", call. = FALSE)
  }

  xi

}

i_mean <- function(x){

  stopifnot(is.numeric(x))
  mx <- mean(x, na.rm = TRUE)
  x[is.na(x)] <- mx
  x
}

i_median <- function(x){

  stopifnot(is.numeric(x))
  mx <- stats::median(x, na.rm = TRUE)
  x[is.na(x)] <- mx
  x
}

i_mean_grp <- function(x, f, skip_f_na = TRUE){

  stopifnot(is.numeric(x),
            length(x)==length(f))

  fna <- is.na(f)
  if(sum(fna) == length(x)){
    stop("f must have at least one non-NA value")
  }

  if(skip_f_na){
    x_use <- x[!fna]
    f_use <- f[!fna]
  } else {
    if(any(fna)){
      stop("NAs found in f. If skip_f_na = TRUE f cannot contain any NAs.")
    }
    x_use <- x
    f_use <- f[!fna]
  }

  x_split <- split(x_use, f_use)
  x_split <- lapply(x_split, i_mean)
  x_imp <- unsplit(x_split, f_use)

  x[!fna] <- x_imp
  x
}

i_median_grp <- function(x, f, skip_f_na = TRUE){

  stopifnot(is.numeric(x),
            length(x)==length(f))

  fna <- is.na(f)
  if(sum(fna) == length(x)){
    stop("f must have at least one non-NA value")
  }

  if(skip_f_na){
    x_use <- x[!fna]
    f_use <- f[!fna]
  } else {
    if(any(fna)){
      stop("NAs found in f. If skip_f_na = TRUE f cannot contain any NAs.")
    }
    x_use <- x
    f_use <- f[!fna]
  }

  x_split <- split(x_use, f_use)
  x_split <- lapply(x_split, i_median)
  x_imp <- unsplit(x_split, f_use)

  x[!fna] <- x_imp
  x
}

check_remaining_NAs <- function(x_imp){
  remaining_NAs <- sum(is.na(x_imp))
  if(remaining_NAs > 0){
    warning("After imputation there are still ", remaining_NAs, " NAs (missing values) present.", call. = FALSE)
  }
}
