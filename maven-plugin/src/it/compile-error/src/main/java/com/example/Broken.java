package com.example;

/** javac finds this error only when it analyses the class, after kopgen's last round. */
class Broken {
  int count = "not a number";
}
